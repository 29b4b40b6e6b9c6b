import { type ExecFileException, execFile } from "node:child_process";
import { devNull } from "node:os";
import path from "node:path";
import { ToolError } from "../../core/errors/index.js";
import { scrubEnvironment } from "../shell/scrub-environment.js";
import type { GitSettings } from "./git-settings.js";

export interface RunGitOptions {
  /** Real path of the workspace root; git runs there. */
  root: string;
  args: readonly string[];
  signal: AbortSignal;
}

export interface GitResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const maxBufferBytes = 16 * 1024 * 1024;

/**
 * Options before every subcommand. Repository hooks and the fsmonitor hook are programs the repository
 * names (husky-style hook directories are ordinary workspace files the model can write), so none runs;
 * pathspecs are literal so a path like `*` or `:(top)` means only itself; no pager, no colour, no
 * optional index lock (read-only calls may run concurrently).
 */
export const gitSafetyOptions: readonly string[] = [
  "--no-pager",
  "--literal-pathspecs",
  "--no-optional-locks",
  "-c",
  `core.hooksPath=${devNull}`,
  "-c",
  "core.fsmonitor=false",
  "-c",
  "color.ui=false",
  "-c",
  "core.quotePath=false",
];

/**
 * git's environment: scrubbed like a command's, never prompting for credentials, and never looking
 * for a repository above the workspace root (a parent repository's files are outside the workspace).
 */
function gitEnvironment(settings: GitSettings, root: string): Record<string, string> {
  return {
    ...scrubEnvironment(settings.environment),
    GIT_TERMINAL_PROMPT: "0",
    GIT_CEILING_DIRECTORIES: path.dirname(root),
  };
}

function failure(error: ExecFileException, settings: GitSettings): ToolError {
  if (error.code === "ENOENT") {
    return new ToolError("failed", "git is not installed (no `git` on PATH).", { cause: error });
  }
  if (error.code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") {
    return new ToolError(
      "too_large",
      `git printed more than ${maxBufferBytes / 1024 / 1024} MiB; narrow the request (for example with a path).`,
      { cause: error },
    );
  }
  if (error.killed) {
    return new ToolError("timeout", `git did not finish within ${settings.timeoutMs} ms and was stopped.`, {
      cause: error,
    });
  }
  return new ToolError("failed", `git could not run: ${error.message}`, { cause: error });
}

/**
 * Runs the `git` binary (execFile, no shell) in the workspace root with the safety options and the
 * scrubbed environment. Any exit code is returned; failing to run at all, a timeout or an oversized
 * output is a `ToolError`; an abort rejects with the signal's reason.
 *
 * @example
 * ```ts
 * const { exitCode, stdout } = await runGit(settings, { root, args: ["status", "--short"], signal });
 * ```
 */
export function runGit(settings: GitSettings, options: RunGitOptions): Promise<GitResult> {
  options.signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      [...gitSafetyOptions, ...options.args],
      {
        cwd: options.root,
        env: gitEnvironment(settings, options.root),
        signal: options.signal,
        timeout: settings.timeoutMs,
        killSignal: "SIGKILL",
        maxBuffer: maxBufferBytes,
        encoding: "utf8",
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (options.signal.aborted) return reject(options.signal.reason);
        if (!error) return resolve({ exitCode: 0, stdout, stderr });
        if (typeof error.code === "number") return resolve({ exitCode: error.code, stdout, stderr });
        reject(failure(error, settings));
      },
    );
  });
}
