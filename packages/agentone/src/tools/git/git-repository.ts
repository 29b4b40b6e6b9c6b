import { realpath } from "node:fs/promises";
import { ToolError } from "../../core/errors/index.js";
import { capOutput } from "../shell/output-collector.js";
import type { ToolContext } from "../tool.js";
import type { GitSettings } from "./git-settings.js";
import { type GitResult, runGit } from "./run-git.js";

/** git, bound to one workspace and one tool call. */
export interface GitRepository {
  /** Real path of the workspace root, which is the top of the working tree. */
  root: string;
  /** Runs git and returns the result whatever the exit code. */
  run(args: readonly string[]): Promise<GitResult>;
  /** Runs git and returns its stdout; a non-zero exit becomes `ToolError("failed")` quoting git. */
  output(args: readonly string[]): Promise<string>;
  /** Caps text to the configured output size; `truncated` says whether anything was cut. */
  cap(text: string): { text: string; truncated: boolean };
}

function gitMessage(result: GitResult): string {
  return (result.stderr.trim() || result.stdout.trim() || `exit code ${result.exitCode}`).slice(0, 2000);
}

/**
 * Opens the workspace as a git repository for one tool call, refusing (`ToolError("failed")`) unless
 * the workspace root is the top of a git working tree. A workspace that is merely inside some parent
 * repository is refused: that repository's other files lie outside the workspace.
 *
 * @example
 * ```ts
 * const git = await openGitRepository(settings, context);
 * const status = await git.output(["status", "--short"]);
 * ```
 */
export async function openGitRepository(settings: GitSettings, context: ToolContext): Promise<GitRepository> {
  const root = await realpath(context.workspaceRoot);
  const run = (args: readonly string[]) => runGit(settings, { root, args, signal: context.signal });
  const output = async (args: readonly string[]) => {
    const result = await run(args);
    if (result.exitCode !== 0) {
      throw new ToolError("failed", `git ${args[0] ?? ""} failed: ${gitMessage(result)}`);
    }
    return result.stdout;
  };
  const topLevel = await run(["rev-parse", "--show-toplevel"]);
  if (topLevel.exitCode !== 0) {
    throw new ToolError(
      "failed",
      `The workspace is not a git repository (git says: ${gitMessage(topLevel)}). The git tools work ` +
        "only when the workspace root is the top of a git working tree.",
    );
  }
  const top = await realpath(topLevel.stdout.trim()).catch(() => topLevel.stdout.trim());
  if (top !== root) {
    throw new ToolError(
      "failed",
      `The workspace is not the top of its git working tree (that is ${JSON.stringify(top)}). The git ` +
        "tools work only when the workspace root is the top of a git working tree.",
    );
  }
  const cap = (text: string) => capOutput(text, settings.maxOutputCharacters);
  return { root, run, output, cap };
}
