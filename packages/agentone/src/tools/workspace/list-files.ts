import { stat } from "node:fs/promises";
import { z } from "zod";
import { ToolError } from "../../core/errors/index.js";
import type { Tool } from "../tool.js";
import { toFileSystemToolError } from "./file-system-error.js";
import { byCodeUnits, walkDirectory } from "./walk-directory.js";
import { resolveWorkspacePath } from "./workspace-path.js";

const listFilesInputSchema = z.object({
  path: z
    .string()
    .default(".")
    .describe('Directory to list, relative to the workspace root ("." for the root).'),
  recursive: z.boolean().default(true).describe("Also list the contents of subdirectories."),
  maxEntries: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(200)
    .describe("Most entries to show; the rest are counted but not shown."),
});

export type ListFilesInput = z.output<typeof listFilesInputSchema>;

/**
 * Lists a workspace directory: one root-relative path per line, directories ending in "/", sorted,
 * without `.git`, `node_modules` and `.agentone`.
 *
 * @example
 * ```ts
 * const output = await listFilesTool.execute(listFilesTool.inputSchema.parse({ path: "src" }), context);
 * // output.content: "src/index.ts\nsrc/tools/\nsrc/tools/tool.ts"
 * ```
 */
export const listFilesTool: Tool<ListFilesInput> = {
  name: "list_files",
  description:
    "List files and directories in the workspace, one path per line relative to the workspace root. " +
    'Directories end with "/". Skips .git, node_modules and .agentone.',
  inputSchema: listFilesInputSchema,
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
    const info = await stat(target.absolute).catch((error: unknown) => {
      throw toFileSystemToolError(error, target.relative);
    });
    if (!info.isDirectory()) {
      throw new ToolError(
        "not_a_directory",
        `${JSON.stringify(target.relative)} is not a directory; call read_file to read a file.`,
      );
    }
    const entries = await walkDirectory({ ...target, recursive: input.recursive, signal: context.signal });
    const lines = entries
      .map((entry) => (entry.kind === "directory" ? `${entry.relative}/` : entry.relative))
      .sort(byCodeUnits);
    const metadata = { path: target.relative, totalEntries: lines.length };
    if (lines.length === 0) return { content: `Directory "${target.relative}" is empty.`, metadata };
    const shown = lines.slice(0, input.maxEntries);
    const hidden = lines.length - shown.length;
    if (hidden > 0) shown.push(`[... ${hidden} more entries not shown]`);
    return { content: shown.join("\n"), metadata };
  },
};
