import { z } from "zod";
import type { Tool } from "../tool.js";
import { openGitRepository } from "./git-repository.js";
import { type GitToolsOptions, resolveGitSettings } from "./git-settings.js";

const gitLogInputSchema = z.object({
  limit: z
    .number()
    .int()
    .min(1)
    .max(50)
    .default(10)
    .describe("How many recent commits to show (at most 50)."),
});

export type GitLogInput = z.output<typeof gitLogInputSchema>;

/**
 * The `git_log` tool: the most recent commits of the current branch, one line each:
 * `<short hash> <ISO date> <author>: <subject>`.
 *
 * @example
 * ```ts
 * const tool = createGitLogTool();
 * (await tool.execute(tool.inputSchema.parse({ limit: 1 }), context)).content;
 * // "1a2b3c4 2026-01-01T10:00:00+00:00 AgentOne: Fix the parser"
 * ```
 */
export function createGitLogTool(options: GitToolsOptions = {}): Tool<GitLogInput> {
  const settings = resolveGitSettings(options);
  return {
    name: "git_log",
    description:
      "Show the most recent commits of the current git branch, newest first, one per line: short hash, " +
      "date, author and subject.",
    inputSchema: gitLogInputSchema,
    idempotent: true,
    sideEffect: "none",
    requiresApproval: false,
    async execute(input, context) {
      const git = await openGitRepository(settings, context);
      const head = await git.run(["rev-parse", "--verify", "--quiet", "HEAD"]);
      if (head.exitCode !== 0)
        return { content: "No commits yet.", metadata: { commits: 0, truncated: false } };
      const log = await git.output([
        "log",
        `--max-count=${input.limit}`,
        "--no-show-signature",
        "--date=iso-strict",
        "--format=%h %ad %an: %s",
      ]);
      const lines = log.trimEnd();
      const { text, truncated } = git.cap(lines);
      return { content: text, metadata: { commits: lines.split("\n").length, truncated } };
    },
  };
}
