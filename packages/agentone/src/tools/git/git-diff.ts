import { z } from "zod";
import type { Tool } from "../tool.js";
import { resolveWorkspacePath } from "../workspace/workspace-path.js";
import { openGitRepository } from "./git-repository.js";
import { type GitToolsOptions, resolveGitSettings } from "./git-settings.js";

const gitDiffInputSchema = z.object({
  path: z
    .string()
    .min(1)
    .optional()
    .describe("Only show changes to this file or directory, relative to the workspace root."),
  staged: z
    .boolean()
    .default(false)
    .describe("Show staged changes (what the next commit contains) instead of unstaged ones."),
});

export type GitDiffInput = z.output<typeof gitDiffInputSchema>;

/**
 * The `git_diff` tool: unstaged (or, with `staged`, staged) changes as a unified diff, optionally for
 * one path. External diff drivers and textconv filters are off: they are programs the repository names.
 *
 * @example
 * ```ts
 * const tool = createGitDiffTool();
 * (await tool.execute(tool.inputSchema.parse({ path: "src/a.ts" }), context)).content; // "diff --git ..."
 * ```
 */
export function createGitDiffTool(options: GitToolsOptions = {}): Tool<GitDiffInput> {
  const settings = resolveGitSettings(options);
  return {
    name: "git_diff",
    description:
      "Show changes in the workspace as a unified diff: by default the changes not yet staged, with " +
      "staged: true the staged ones. Untracked files are not shown (see git_status). Optionally limit it to a path.",
    inputSchema: gitDiffInputSchema,
    idempotent: true,
    sideEffect: "none",
    requiresApproval: false,
    async execute(input, context) {
      const git = await openGitRepository(settings, context);
      // "write" resolves paths that no longer exist (a deleted file still has a diff), still jailed.
      const target =
        input.path === undefined
          ? undefined
          : await resolveWorkspacePath({ root: git.root, path: input.path, purpose: "write" });
      const args = ["diff", "--no-color", "--no-ext-diff", "--no-textconv"];
      if (input.staged) args.push("--cached");
      args.push("--", ...(target ? [target.relative] : []));
      const diff = await git.output(args);
      const where = target ? ` in ${target.relative}` : "";
      const empty = input.staged
        ? `No staged changes${where}.`
        : `No unstaged changes${where}. (Untracked files do not appear here; see git_status.)`;
      const { text, truncated } = git.cap(diff.length === 0 ? empty : diff);
      return { content: text, metadata: { staged: input.staged, path: target?.relative ?? null, truncated } };
    },
  };
}
