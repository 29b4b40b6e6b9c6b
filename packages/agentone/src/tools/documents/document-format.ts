import path from "node:path";

/** How a document's text is obtained: as it is, converted from HTML, extracted from PDF, or sniffed. */
export type DocumentFormat = "text" | "html" | "pdf" | "other";

const textExtensions = new Set([".txt", ".md", ".markdown", ".csv", ".json", ".log"]);
const htmlExtensions = new Set([".html", ".htm"]);

/** The formats the document tools name in messages. */
export const supportedFormats = "text (.txt, .md, .markdown, .csv, .json, .log), HTML (.html, .htm) and PDF";

/**
 * The format of a document, judged by its extension. `other` files are read as text when their
 * content is UTF-8 text, and refused as unsupported otherwise.
 *
 * @example
 * ```ts
 * documentFormat("reports/Q3.PDF"); // "pdf"
 * documentFormat("notes.txt"); // "text"
 * ```
 */
export function documentFormat(relative: string): DocumentFormat {
  const extension = path.extname(relative).toLowerCase();
  if (extension === ".pdf") return "pdf";
  if (htmlExtensions.has(extension)) return "html";
  if (textExtensions.has(extension)) return "text";
  return "other";
}
