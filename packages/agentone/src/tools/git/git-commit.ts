import { z } from "zod";
import { ToolError } from "../../core/errors/index.js";
import type { Tool } from "../tool.js";
import { resolveWorkspacePath } from "../workspace/workspace-path.js";
import { identityOptions } from "./git-identity.js";
import { type GitRepository, openGitRepository } from "./git-repository.js";
import { type GitToolsOptions, resolveGitSettings } from "./git-settings.js";

export const maxCommitMessageCharacters = 2000;

const gitCommitInputSchema = z.object({
  message: z
    .string()
    .max(maxCommitMessageCharacters)
    .refine((message) => message.trim().length > 0, "the commit message must not be empty")
    .refine((message) => !message.includes("\0"), "the commit message must not contain NUL bytes")
    .describe(
      `The commit message (at most ${maxCommitMessageCharacters} characters): a short subject line, optionally a blank line and a body.`,
    ),
  paths: z
    .array(z.string().min(1))
    .min(1)
    .max(200)
    .optional()
    .describe(
      "Files or directories to stage and commit, relative to the workspace root. Omit to commit all changes (git add -A).",
    ),
});

export type GitCommitInput = z.output<typeof gitCommitInputSchema>;

/** Resolves every path before anything is staged, so one bad path leaves the index untouched. */
async function resolvePaths(git: GitRepository, paths: readonly string[]): Promise<string[]> {
  const resolved: string[] = [];
  // "write" resolves paths that no longer exist (staging a deletion) and refuses .git internals.
  for (const path of paths)
    resolved.push((await resolveWorkspacePath({ root: git.root, path, purpose: "write" })).relative);
  return resolved;
}

/**
 * The `git_commit` tool: stages the given paths (or all changes) with `git add -A` and commits whatever
 * is staged. Repository hooks do not run (`core.hooksPath` points at nothing and `--no-verify`): a hook
 * is a program, and hook directories such as `.husky/` are files the model can write; the engine's
 * approval step is the gate instead. Commits are not signed (the user's key should not vouch for the
 * model's work). Without a configured identity the commit is by `AgentOne <agentone@localhost>`.
 *
 * @example
 * ```ts
 * const tool = createGitCommitTool();
 * await tool.execute(tool.inputSchema.parse({ message: "Fix the parser", paths: ["src/parser.ts"] }), context);
 * // content: "[main 1a2b3c4] Fix the parser\n 1 file changed, 2 insertions(+)"
 * ```
 */
export function createGitCommitTool(options: GitToolsOptions = {}): Tool<GitCommitInput> {
  const settings = resolveGitSettings(options);
  return {
    name: "git_commit",
    description:
      "Commit changes in the workspace's git repository. Stages the given paths (or, without paths, " +
      "every change including new and deleted files) and commits everything staged with the message.",
    inputSchema: gitCommitInputSchema,
    idempotent: false,
    sideEffect: "workspace",
    requiresApproval: true,
    async execute(input, context) {
      const git = await openGitRepository(settings, context);
      const paths = input.paths ? await resolvePaths(git, input.paths) : undefined;
      await git.output(["add", "-A", "--", ...(paths ?? [])]);
      const staged = await git.run(["diff", "--cached", "--quiet"]);
      if (staged.exitCode === 0) {
        throw new ToolError(
          "failed",
          paths
            ? `Nothing to commit: ${paths.map((path) => JSON.stringify(path)).join(", ")} have no changes.`
            : "Nothing to commit: the working tree has no changes.",
        );
      }
      const identity = await identityOptions(git);
      const summary = await git.output([
        ...identity,
        "commit",
        "--no-verify",
        "--no-gpg-sign",
        `--message=${input.message}`,
      ]);
      const commit = (await git.output(["rev-parse", "HEAD"])).trim();
      const { text, truncated } = git.cap(summary.trimEnd());
      return { content: text, metadata: { commit, paths: paths ?? null, truncated } };
    },
  };
}
