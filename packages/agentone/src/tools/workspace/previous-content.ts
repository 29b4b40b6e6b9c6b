import { open } from "node:fs/promises";
import { looksBinary } from "./text-file.js";

/** Largest previous content kept in a tool's metadata (and so in the run log): 256 KiB. */
export const maxPreviousContentBytes = 256 * 1024;

/** What a file held before a tool changed it, for undo and audit. */
export interface PreviousContent {
  /** The old text; null when the file did not exist, or could not be kept (see `previousTooLarge`). */
  previousContent: string | null;
  /** Set when the file existed but was too large (or binary) to keep in metadata. */
  previousTooLarge?: true;
  /** Set, with `previousTooLarge`, when the old content was binary. */
  previousBinary?: true;
}

/**
 * Describes text already in memory as previous content, dropping it if it is too large to log.
 *
 * @example
 * ```ts
 * previousContentOf("old text"); // { previousContent: "old text" }
 * ```
 */
export function previousContentOf(text: string): PreviousContent {
  if (Buffer.byteLength(text, "utf8") > maxPreviousContentBytes) {
    return { previousContent: null, previousTooLarge: true };
  }
  return { previousContent: text };
}

/**
 * Captures an existing regular file's content before it is overwritten, reading at most 256 KiB of it.
 *
 * @example
 * ```ts
 * const previous = await readPreviousContent("/repo/notes.md");
 * ```
 */
export async function readPreviousContent(absolute: string): Promise<PreviousContent> {
  const handle = await open(absolute, "r");
  try {
    const { size } = await handle.stat();
    if (size > maxPreviousContentBytes) return { previousContent: null, previousTooLarge: true };
    const bytes = await handle.readFile();
    if (bytes.length > maxPreviousContentBytes) return { previousContent: null, previousTooLarge: true };
    if (looksBinary(bytes)) return { previousContent: null, previousTooLarge: true, previousBinary: true };
    return { previousContent: bytes.toString("utf8") };
  } finally {
    await handle.close();
  }
}
