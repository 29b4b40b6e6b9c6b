import { describe, expect, it } from "vitest";
import { formatProcessResult } from "./format-process-result.js";
import type { ProcessResult } from "./run-process.js";

const finished: ProcessResult = {
  exitCode: 1,
  signal: null,
  timedOut: false,
  durationMs: 5,
  output: "1 failed\n",
  truncated: false,
};

describe("formatProcessResult", () => {
  it("shows the command, quoting arguments with spaces, then the exit code and output", () => {
    expect(
      formatProcessResult({
        command: ["node", "-e", "console.log(1)", "a b"],
        cwd: ".",
        result: finished,
        timeoutMs: 1000,
      }),
    ).toBe('$ node -e console.log(1) "a b"\nExit code: 1. Output:\n1 failed\n');
  });

  it("names a cwd other than the root", () => {
    expect(formatProcessResult({ command: ["ls"], cwd: "src", result: finished, timeoutMs: 1000 })).toMatch(
      /^\$ ls \(in src\)\n/,
    );
  });

  it("explains a timeout and a signal", () => {
    const timedOut = { ...finished, exitCode: null, signal: "SIGKILL" as const, timedOut: true };
    expect(formatProcessResult({ command: ["ls"], cwd: ".", result: timedOut, timeoutMs: 1000 })).toContain(
      "Timed out after 1000 ms: the command and its child processes were killed. Output so far:",
    );
    const signalled = { ...finished, exitCode: null, signal: "SIGSEGV" as const };
    expect(formatProcessResult({ command: ["ls"], cwd: ".", result: signalled, timeoutMs: 1000 })).toContain(
      "Ended by signal SIGSEGV. Output:",
    );
  });
});
