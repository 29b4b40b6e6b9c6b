import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeFixtureFiles } from "./fixture-tree.js";
import { describeTestRun, isGreenRun, runNodeTests } from "./run-node-tests.js";

let base: string;

beforeEach(async () => {
  base = await mkdtemp(path.join(tmpdir(), "agentone-bench-node-test-"));
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const header = 'import { test } from "node:test";\nimport assert from "node:assert/strict";\n';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A killed process nobody has reaped yet (a zombie) is not running.
  const stat = `/proc/${pid}/stat`;
  return !existsSync(stat) || !/\) Z /.test(readFileSync(stat, "utf8"));
}

describe("runNodeTests", () => {
  it("counts passes and failures from the TAP summary", async () => {
    await writeFixtureFiles(
      base,
      new Map([
        ["test/a.test.mjs", `${header}test("one", () => {});\ntest("two", () => assert.equal(1, 2));\n`],
        ["test/b.test.mjs", `${header}test("three", () => {});\n`],
      ]),
    );
    const run = await runNodeTests({ cwd: base });
    expect([run.exitCode, run.tests, run.passed, run.failed, run.timedOut]).toEqual([1, 3, 2, 1, false]);
    expect(isGreenRun(run, 2)).toBe(false);
    expect(describeTestRun(run)).toBe("node --test exited 1: 2 passed, 1 failed of 3");
  });

  it("is green only with enough passing tests", async () => {
    await writeFixtureFiles(base, new Map([["x.test.mjs", `${header}test("one", () => {});\n`]]));
    const run = await runNodeTests({ cwd: base });
    expect(isGreenRun(run, 1)).toBe(true);
    expect(isGreenRun(run, 2)).toBe(false);
  });

  it("does not leak the caller's test runner environment into the child", async () => {
    const probe = `${header}test("env", () => assert.equal(process.env.VITEST, undefined));\n`;
    await writeFixtureFiles(base, new Map([["env.test.mjs", probe]]));
    expect((await runNodeTests({ cwd: base })).exitCode).toBe(0);
  });

  it("kills a hanging run with its test subprocesses at the timeout", async () => {
    const pidFile = path.join(base, "pid.txt");
    const hang = `${header}import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(pidFile)}, String(process.pid));\ntest("hangs", () => new Promise(() => setInterval(() => {}, 1000)));\n`;
    await writeFixtureFiles(base, new Map([["hang.test.mjs", hang]]));
    const run = await runNodeTests({ cwd: base, timeoutMs: 5000 });
    expect(run.timedOut).toBe(true);
    expect(isGreenRun(run, 0)).toBe(false);
    expect(describeTestRun(run)).toBe("node --test timed out and was killed");
    const pid = Number(await readFile(pidFile, "utf8"));
    for (let attempt = 0; attempt < 100 && isRunning(pid); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(isRunning(pid)).toBe(false);
  });

  it("reports a missing directory as a failed run instead of throwing", async () => {
    const run = await runNodeTests({ cwd: path.join(base, "missing") });
    expect(run.exitCode).toBeNull();
    expect(isGreenRun(run, 0)).toBe(false);
  });
});
