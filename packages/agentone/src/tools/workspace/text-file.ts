import { readFile, stat } from "node:fs/promises";
import { ToolError } from "../../core/errors/index.js";
import { toFileSystemToolError } from "./file-system-error.js";

/** Largest file the workspace tools read or write: 1 MiB. */
export const maxTextFileBytes = 1024 * 1024;

// Same heuristic as git: a NUL byte near the start means binary.
const binaryProbeBytes = 8 * 1024;

/**
 * Whether content looks binary (a NUL byte in its first 8 KB).
 *
 * @example
 * ```ts
 * looksBinary(Buffer.from([0x50, 0x00])); // true
 * ```
 */
export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, binaryProbeBytes).includes(0);
}

/**
 * Splits text into lines, accepting `\n` and `\r\n`; a final newline does not start an extra line.
 *
 * @example
 * ```ts
 * splitLines("a\r\nb\n"); // ["a", "b"]
 * ```
 */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

function tooLarge(relative: string, bytes: number): ToolError {
  return new ToolError(
    "too_large",
    `${JSON.stringify(relative)} is ${bytes} bytes, over the ${maxTextFileBytes}-byte limit. ` +
      `Use search to find the part you need.`,
  );
}

/**
 * Reads a regular text file of at most 1 MiB, refusing directories, special files and binary content.
 *
 * @example
 * ```ts
 * const text = await readTextFile({ absolute: "/repo/src/a.ts", relative: "src/a.ts" });
 * ```
 */
export async function readTextFile(options: { absolute: string; relative: string }): Promise<string> {
  const { absolute, relative } = options;
  const shown = JSON.stringify(relative);
  try {
    const info = await stat(absolute);
    if (info.isDirectory()) {
      throw new ToolError("not_a_file", `${shown} is a directory; call list_files to see its contents.`);
    }
    // Reading a FIFO or device could block forever, so only regular files qualify.
    if (!info.isFile()) throw new ToolError("not_a_file", `${shown} is not a regular file.`);
    if (info.size > maxTextFileBytes) throw tooLarge(relative, info.size);
    const bytes = await readFile(absolute);
    // The file may have grown between stat and read.
    if (bytes.length > maxTextFileBytes) throw tooLarge(relative, bytes.length);
    if (looksBinary(bytes)) {
      throw new ToolError(
        "not_a_file",
        `${shown} looks like a binary file (it contains NUL bytes); only text files can be read.`,
      );
    }
    return bytes.toString("utf8");
  } catch (error) {
    throw toFileSystemToolError(error, relative);
  }
}
