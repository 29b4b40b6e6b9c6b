import { ToolError } from "../../core/errors/index.js";

/**
 * The line that opens each page in text extracted from a PDF, so that windows and summaries can name
 * pages.
 *
 * @example
 * ```ts
 * pageMarker(2); // "--- page 2 ---"
 * ```
 */
export function pageMarker(page: number): string {
  return `--- page ${page} ---`;
}

/** Matches a page marker line and captures the page number. */
export const pageMarkerPattern = /^--- page (\d+) ---$/;

interface TextItem {
  str?: string;
  hasEOL?: boolean;
}

function pageText(items: readonly TextItem[]): string {
  let text = "";
  for (const item of items) {
    // Marked-content items carry no text.
    if (typeof item.str !== "string") continue;
    text += item.str;
    if (item.hasEOL) text += "\n";
  }
  return text.trimEnd();
}

function unreadable(relative: string, error: unknown): ToolError {
  const name = error instanceof Error ? error.name : "";
  const detail = error instanceof Error ? error.message : String(error);
  if (name === "PasswordException") {
    return new ToolError(
      "unsupported_format",
      `${JSON.stringify(relative)} is an encrypted PDF; it cannot be read.`,
    );
  }
  return new ToolError(
    "unsupported_format",
    `${JSON.stringify(relative)} could not be read as a PDF (${detail}).`,
    { cause: error },
  );
}

/**
 * Extracts the text of a PDF page by page with pdf.js (legacy build, loaded on first use), each page
 * opened by its `pageMarker`. Fonts are never evaluated as code. Stops between pages when the signal
 * aborts. A PDF that cannot be parsed, or is encrypted, is `unsupported_format`.
 *
 * @example
 * ```ts
 * await extractPdfText({ bytes, relative: "report.pdf", signal });
 * // "--- page 1 ---\nIntroduction\n...\n--- page 2 ---\n..."
 * ```
 */
export async function extractPdfText(options: {
  bytes: Uint8Array;
  relative: string;
  signal: AbortSignal;
}): Promise<string> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const task = getDocument({
    // A copy: pdf.js takes ownership of the buffer it is given, and refuses Node Buffers.
    data: new Uint8Array(options.bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  try {
    const pdf = await task.promise;
    const pages: string[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      options.signal.throwIfAborted();
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      pages.push(`${pageMarker(number)}\n${pageText(content.items as TextItem[])}`);
      page.cleanup();
    }
    return pages.join("\n");
  } catch (error) {
    if (options.signal.aborted) throw error;
    throw unreadable(options.relative, error);
  } finally {
    await task.destroy();
  }
}
