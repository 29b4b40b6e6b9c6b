import { z } from "zod";
import { ToolError } from "../../core/errors/index.js";
import type { Tool } from "../tool.js";
import { readTextFile, splitLines } from "./text-file.js";
import { resolveWorkspacePath } from "./workspace-path.js";

const readFileInputSchema = z.object({
  path: z.string().describe("File to read, relative to the workspace root."),
  startLine: z.number().int().min(1).default(1).describe("First line to show (1-based)."),
  maxLines: z.number().int().min(1).max(2000).default(400).describe("Most lines to show from startLine on."),
});

export type ReadFileInput = z.output<typeof readFileInputSchema>;

/**
 * Reads a text file (up to 1 MiB) from the workspace with line numbers, a window at a time.
 *
 * @example
 * ```ts
 * const output = await readFileTool.execute(readFileTool.inputSchema.parse({ path: "a.txt" }), context);
 * // output.content: "File: a.txt (lines 1-2 of 2)\n1: hello\n2: world"
 * ```
 */
export const readFileTool: Tool<ReadFileInput> = {
  name: "read_file",
  description:
    "Read a text file from the workspace. Each line is prefixed with its line number. Long files are " +
    "shown a window at a time; use startLine and maxLines to page through them.",
  inputSchema: readFileInputSchema,
  idempotent: true,
  sideEffect: "none",
  requiresApproval: false,
  async execute(input, context) {
    context.signal.throwIfAborted();
    const target = await resolveWorkspacePath({
      root: context.workspaceRoot,
      path: input.path,
      purpose: "read",
    });
    const lines = splitLines(await readTextFile(target));
    const total = lines.length;
    if (input.startLine > Math.max(total, 1)) {
      throw new ToolError(
        "invalid_arguments",
        `startLine ${input.startLine} is past the end of ${JSON.stringify(target.relative)}, ` +
          `which has ${total} lines.`,
      );
    }
    const window = lines.slice(input.startLine - 1, input.startLine - 1 + input.maxLines);
    const first = window.length === 0 ? 0 : input.startLine;
    const last = window.length === 0 ? 0 : input.startLine + window.length - 1;
    const output = [`File: ${target.relative} (lines ${first}-${last} of ${total})`];
    window.forEach((text, index) => {
      output.push(`${input.startLine + index}: ${text}`);
    });
    const remaining = total - last;
    if (remaining > 0) {
      output.push(`[... ${remaining} more lines; call read_file with startLine=${last + 1}]`);
    }
    return { content: output.join("\n"), metadata: { path: target.relative, totalLines: total } };
  },
};
