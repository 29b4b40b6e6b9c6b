import { spawn } from "node:child_process";

/** What a `node --test` run in a fixture reported. */
export interface NodeTestRun {
  exitCode: number | null;
  timedOut: boolean;
  tests: number;
  passed: number;
  failed: number;
  /** The TAP output (stdout then stderr), cut to its last 64 KiB. */
  output: string;
}

export interface RunNodeTestsOptions {
  cwd: string;
  /** The whole run is killed (with its test subprocesses) after this long. Default 60 s. */
  timeoutMs?: number;
}

const outputLimit = 64 * 1024;

function summaryCount(output: string, label: string): number {
  const match = new RegExp(`^# ${label} (\\d+)\\s*$`, "m").exec(output);
  return match?.[1] === undefined ? 0 : Number(match[1]);
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    // A negative pid signals the whole process group: node --test runs each file in a subprocess.
    process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/**
 * Runs a fixture's tests with plain `node --test` (TAP reporter) in a child process group, with a
 * minimal environment so the caller's test runner settings do not leak in. Never rejects for failing
 * tests; the counts say what happened.
 *
 * @example
 * ```ts
 * const run = await runNodeTests({ cwd: workspace, timeoutMs: 30_000 });
 * const green = run.exitCode === 0 && run.failed === 0 && run.passed > 0;
 * ```
 */
export function runNodeTests(options: RunNodeTestsOptions): Promise<NodeTestRun> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--test", "--test-reporter=tap"], {
      cwd: options.cwd,
      detached: true,
      env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    const keepTail = (text: string) => (text.length > outputLimit ? text.slice(-outputLimit) : text);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout = keepTail(stdout + chunk.toString("utf8"));
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = keepTail(stderr + chunk.toString("utf8"));
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, timeoutMs);
    let finished = false;
    const finish = (exitCode: number | null) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      // Test files may have left subprocesses behind; they belong to this run's group.
      killGroup(child.pid);
      resolve({
        exitCode,
        timedOut,
        tests: summaryCount(stdout, "tests"),
        passed: summaryCount(stdout, "pass"),
        failed: summaryCount(stdout, "fail"),
        output: keepTail(stderr === "" ? stdout : `${stdout}\n${stderr}`),
      });
    };
    child.on("error", (error) => {
      stderr = keepTail(`${stderr}\n${error.message}`);
      finish(null);
    });
    child.on("close", (code) => finish(code));
  });
}

/** A one-line account of a test run, for a check's detail. */
export function describeTestRun(run: NodeTestRun): string {
  if (run.timedOut) return "node --test timed out and was killed";
  return `node --test exited ${run.exitCode}: ${run.passed} passed, ${run.failed} failed of ${run.tests}`;
}

/** Green means exit 0, no failures, and at least the fixture's own number of tests passing. */
export function isGreenRun(run: NodeTestRun, minimumPassed: number): boolean {
  return !run.timedOut && run.exitCode === 0 && run.failed === 0 && run.passed >= minimumPassed;
}
