import { mkdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ToolError } from "../../core/errors/index.js";
import type { Tool } from "../tool.js";
import { isMissingFileError, toFileSystemToolError } from "./file-system-error.js";
import { type PreviousContent, readPreviousContent } from "./previous-content.js";
import { maxTextFileBytes } from "./text-file.js";
import { resolveWorkspacePath } from "./workspace-path.js";

const writeFileInputSchema = z.object({
  path: z
    .string()
    .describe("File to write, relative to the workspace root. Missing parent directories are created."),
  content: z.string().max(maxTextFileBytes).describe("The complete new content of the file (at most 1 MiB)."),
});

export type WriteFileInput = z.output<typeof writeFileInputSchema>;

/** The file's previous content, or undefined when it does not exist yet. */
async function capturePrevious(options: { absolute: string; relative: string }) {
  const shown = JSON.stringify(options.relative);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(options.absolute);
  } catch (error) {
    if (isMissingFileError(error)) return undefined;
    throw toFileSystemToolError(error, options.relative);
  }
  if (info.isDirectory()) throw new ToolError("not_a_file", `${shown} is a directory; give a file path.`);
  if (!info.isFile()) throw new ToolError("not_a_file", `${shown} is not a regular file.`);
  return readPreviousContent(options.absolute).catch((error: unknown): PreviousContent => {
    throw toFileSystemToolError(error, options.relative);
  });
}

/**
 * Writes a whole text file in the workspace, creating it (and its parent directories) or overwriting it.
 * The metadata keeps the previous content (up to 256 KiB) for undo.
 *
 * @example
 * ```ts
 * const input = writeFileTool.inputSchema.parse({ path: "notes/todo.md", content: "- ship\n" });
 * const output = await writeFileTool.execute(input, context);
 * // output.content: "Wrote 7 bytes to notes/todo.md (created)"
 * ```
 */
export const writeFileTool: Tool<WriteFileInput> = {
  name: "write_file",
  description:
    "Write a text file in the workspace, replacing its whole content. Creates the file and missing " +
    "parent directories if needed. For small edits to an existing file, prefer apply_patch.",
  inputSchema: writeFileInputSchema,
  idempotent: false,
  sideEffect: "workspace",
  requiresApproval: false,
  async execute(input, context) {
    context.signal.throwIfAborted();
    const bytes = Buffer.byteLength(input.content, "utf8");
    if (bytes > maxTextFileBytes) {
      throw new ToolError(
        "too_large",
        `The content is ${bytes} bytes, over the ${maxTextFileBytes}-byte limit.`,
      );
    }
    const target = await resolveWorkspacePath({
      root: context.workspaceRoot,
      path: input.path,
      purpose: "write",
    });
    const previous = await capturePrevious(target);
    context.signal.throwIfAborted();
    try {
      await mkdir(path.dirname(target.absolute), { recursive: true });
      await writeFile(target.absolute, input.content, "utf8");
    } catch (error) {
      throw toFileSystemToolError(error, target.relative);
    }
    const outcome = previous === undefined ? "created" : "overwrote";
    return {
      content: `Wrote ${bytes} bytes to ${target.relative} (${outcome})`,
      metadata: { path: target.relative, ...(previous ?? { previousContent: null }) },
    };
  },
};
