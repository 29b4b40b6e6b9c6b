import type { ProcessResult } from "./run-process.js";

export interface FormatProcessResultOptions {
  command: readonly string[];
  /** The cwd relative to the workspace root ("." for the root). */
  cwd: string;
  result: ProcessResult;
  timeoutMs: number;
}

/** Shows argv readably: arguments with spaces or quotes are JSON-quoted. */
function showCommand(command: readonly string[]): string {
  return command.map((part) => (/^[^\s"'\\]+$/.test(part) ? part : JSON.stringify(part))).join(" ");
}

function describeEnding(options: FormatProcessResultOptions): string {
  const { result, timeoutMs } = options;
  if (result.timedOut) {
    return `Timed out after ${timeoutMs} ms: the command and its child processes were killed. Output so far:`;
  }
  if (result.exitCode === null) return `Ended by signal ${result.signal ?? "unknown"}. Output:`;
  return `Exit code: ${result.exitCode}. Output:`;
}

/**
 * The text the model reads after `run_command`: the command, how it ended, then its output.
 *
 * @example
 * ```ts
 * formatProcessResult({ command: ["npm", "test"], cwd: ".", result, timeoutMs: 120_000 });
 * // "$ npm test\nExit code: 1. Output:\n<output>"
 * ```
 */
export function formatProcessResult(options: FormatProcessResultOptions): string {
  const location = options.cwd === "." ? "" : ` (in ${options.cwd})`;
  const output = options.result.output.length === 0 ? "(no output)" : options.result.output;
  return `$ ${showCommand(options.command)}${location}\n${describeEnding(options)}\n${output}`;
}
