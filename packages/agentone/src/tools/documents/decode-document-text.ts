import { ToolError } from "../../core/errors/index.js";
import { looksBinary } from "../workspace/text-file.js";
import { type DocumentFormat, supportedFormats } from "./document-format.js";

function unsupported(relative: string, why: string): ToolError {
  return new ToolError(
    "unsupported_format",
    `${JSON.stringify(relative)} ${why}; the document tools read ${supportedFormats}.`,
  );
}

/**
 * Decodes the bytes of a text or HTML document as UTF-8 (without a byte-order mark). Files of a known
 * text extension are decoded leniently; files of unknown extension must be valid UTF-8, and anything
 * with NUL bytes is binary; both are refused as `unsupported_format`.
 *
 * @example
 * ```ts
 * decodeDocumentText({ bytes: Buffer.from("hello"), relative: "notes.txt", format: "text" }); // "hello"
 * ```
 */
export function decodeDocumentText(options: {
  bytes: Uint8Array;
  relative: string;
  format: DocumentFormat;
}): string {
  const { bytes, relative, format } = options;
  if (looksBinary(bytes)) throw unsupported(relative, "is a binary file");
  try {
    // TextDecoder drops a leading byte-order mark itself.
    return new TextDecoder("utf-8", { fatal: format === "other" }).decode(bytes);
  } catch {
    throw unsupported(relative, "is neither a known document format nor UTF-8 text");
  }
}
