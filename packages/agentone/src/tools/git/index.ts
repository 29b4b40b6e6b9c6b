import type { AnyTool } from "../tool.js";
import { createGitCommitTool } from "./git-commit.js";
import { createGitDiffTool } from "./git-diff.js";
import { createGitLogTool } from "./git-log.js";
import type { GitToolsOptions } from "./git-settings.js";
import { createGitStatusTool } from "./git-status.js";

export { createGitCommitTool, type GitCommitInput, maxCommitMessageCharacters } from "./git-commit.js";
export { createGitDiffTool, type GitDiffInput } from "./git-diff.js";
export { fallbackIdentity } from "./git-identity.js";
export { createGitLogTool, type GitLogInput } from "./git-log.js";
export { type GitRepository, openGitRepository } from "./git-repository.js";
export { type GitSettings, type GitToolsOptions, resolveGitSettings } from "./git-settings.js";
export { createGitStatusTool, type GitStatusInput } from "./git-status.js";
export { type GitResult, type RunGitOptions, runGit } from "./run-git.js";

/**
 * The git tools, in the order the model sees them: git_status, git_diff, git_log (read-only) and
 * git_commit (needs approval). Each runs the `git` binary in the workspace root, which must be the top
 * of a git working tree.
 *
 * @example
 * ```ts
 * const tools = createGitTools();
 * tools.map((tool) => tool.name); // ["git_status", "git_diff", "git_log", "git_commit"]
 * ```
 */
export function createGitTools(options: GitToolsOptions = {}): AnyTool[] {
  return [
    createGitStatusTool(options),
    createGitDiffTool(options),
    createGitLogTool(options),
    createGitCommitTool(options),
  ];
}
