import { type ChildProcess, spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { StringDecoder } from "node:string_decoder";
import { ToolError } from "../../core/errors/index.js";
import { OutputCollector } from "./output-collector.js";

export interface RunProcessOptions {
  /** A bare program name, looked up on the PATH of `environment`. */
  program: string;
  arguments: readonly string[];
  cwd: string;
  environment: Record<string, string>;
  timeoutMs: number;
  maxOutputCharacters: number;
  /** Aborting it kills the process; `runProcess` then rejects with the signal's reason. */
  signal: AbortSignal;
}

export interface ProcessResult {
  /** Null when the process was ended by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  durationMs: number;
  /** stdout and stderr interleaved in the order they arrived, capped head and tail. */
  output: string;
  truncated: boolean;
}

// After a kill, output pipes may stay open if something escaped the process group; stop waiting then.
const pipeDrainGraceMs = 2_000;

/**
 * Kills the process and everything it started. On POSIX the child leads its own process group
 * (spawned detached), so one signal to `-pid` reaches its children too (a test runner's workers, a
 * server a script started). SIGKILL, not SIGTERM: a hung program may ignore SIGTERM, and the caller
 * needs the call to end.
 */
function killProcessGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === "win32") child.kill("SIGKILL");
    else process.kill(-child.pid, "SIGKILL");
  } catch {
    // The group is already gone.
  }
}

function spawnFailure(error: NodeJS.ErrnoException, program: string): ToolError {
  if (error.code === "ENOENT") {
    return new ToolError("failed", `The program ${JSON.stringify(program)} was not found on PATH.`, {
      cause: error,
    });
  }
  return new ToolError("failed", `Could not start ${JSON.stringify(program)}: ${error.message}`, {
    cause: error,
  });
}

/**
 * Runs a program without a shell and collects its output. A non-zero exit is a result, not an error.
 * On timeout the process group is killed and the result says `timedOut` (with the output so far);
 * on abort it is killed and the promise rejects with `signal.reason`. Whatever the process leaves
 * running in its group when it exits is killed too, so a call leaves nothing behind. The timeout is
 * real time whatever clock the run uses, because the child runs in real time.
 *
 * @example
 * ```ts
 * const result = await runProcess({ program: "npm", arguments: ["test"], cwd: root,
 *   environment, timeoutMs: 120_000, maxOutputCharacters: 16_000, signal });
 * result.exitCode; // 1 when a test failed
 * ```
 */
export function runProcess(options: RunProcessOptions): Promise<ProcessResult> {
  options.signal.throwIfAborted();
  const startedAt = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(options.program, [...options.arguments], {
      cwd: options.cwd,
      env: options.environment,
      shell: false,
      detached: process.platform !== "win32",
      stdio: ["ignore", "pipe", "pipe"],
      windowsHide: true,
    });
    const collector = new OutputCollector(options.maxOutputCharacters);
    for (const stream of [child.stdout, child.stderr]) {
      const decoder = new StringDecoder("utf8");
      stream?.on("data", (chunk: Buffer) => collector.append(decoder.write(chunk)));
      stream?.on("end", () => collector.append(decoder.end()));
    }
    let timedOut = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } = { code: null, signal: null };
    let drainTimer: NodeJS.Timeout | undefined;
    const stop = () => {
      killProcessGroup(child);
      drainTimer ??= setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish();
      }, pipeDrainGraceMs);
    };
    const timeoutTimer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    const onAbort = () => stop();
    options.signal.addEventListener("abort", onAbort, { once: true });
    let finished = false;
    const finish = (failure?: ToolError) => {
      if (finished) return;
      finished = true;
      clearTimeout(timeoutTimer);
      clearTimeout(drainTimer);
      options.signal.removeEventListener("abort", onAbort);
      if (failure) return reject(failure);
      killProcessGroup(child);
      if (options.signal.aborted) return reject(options.signal.reason);
      const { text, truncated } = collector.result();
      const durationMs = Math.round(performance.now() - startedAt);
      resolve({ exitCode: exit.code, signal: exit.signal, timedOut, durationMs, output: text, truncated });
    };
    child.on("error", (error) => finish(spawnFailure(error, options.program)));
    child.on("exit", (code, signal) => {
      exit = { code, signal };
    });
    child.on("close", () => finish());
  });
}
