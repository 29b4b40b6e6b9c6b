import { z } from "zod";
import type { Tool } from "../tool.js";
import { openGitRepository } from "./git-repository.js";
import { type GitToolsOptions, resolveGitSettings } from "./git-settings.js";

const gitStatusInputSchema = z.object({});

export type GitStatusInput = z.output<typeof gitStatusInputSchema>;

const legend =
  "(XY path: X = staged, Y = not staged; M modified, A added, D deleted, R renamed, ?? untracked)";

/**
 * The `git_status` tool: the branch and the changed files in short form (`git status --short --branch`).
 *
 * @example
 * ```ts
 * const tool = createGitStatusTool();
 * (await tool.execute({}, context)).content; // "## main\n M src/a.ts\n?? notes.md\n(XY path: ...)"
 * ```
 */
export function createGitStatusTool(options: GitToolsOptions = {}): Tool<GitStatusInput> {
  const settings = resolveGitSettings(options);
  return {
    name: "git_status",
    description:
      "Show the git branch and which files are modified, staged or untracked in the workspace " +
      "(git status --short --branch).",
    inputSchema: gitStatusInputSchema,
    idempotent: true,
    sideEffect: "none",
    requiresApproval: false,
    async execute(_input, context) {
      const git = await openGitRepository(settings, context);
      const status = (await git.output(["status", "--short", "--branch"])).trimEnd();
      const clean = !status.includes("\n");
      const { text, truncated } = git.cap(clean ? `${status}\nWorking tree clean.` : `${status}\n${legend}`);
      return { content: text, metadata: { clean, truncated } };
    },
  };
}
