import { appendFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GradeResult, PreparedTask } from "../bench-task.js";
import { replaceInFile } from "../reference-edits.js";
import { runNodeTests } from "../run-node-tests.js";
import { solveFixFailingTest } from "./reference-solution.js";
import { fixFailingTestTask } from "./task.js";

let base: string;
let prepared: PreparedTask;

beforeEach(async () => {
  base = await mkdtemp(path.join(tmpdir(), "agentone-bench-fix-"));
  prepared = await fixFailingTestTask.prepare({ directory: path.join(base, "workspace"), seed: 4 });
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const failed = (result: GradeResult) =>
  result.checks.filter((check) => !check.passed).map((check) => check.name);
const grade = () => prepared.grade({ answer: null, workspace: prepared.workspace });

describe("fix-failing-test", () => {
  it("ships exactly one failing test", async () => {
    const run = await runNodeTests({ cwd: prepared.workspace });
    expect([run.passed, run.failed]).toEqual([7, 1]);
    expect(failed(await grade())).toEqual(["tests-pass", "small-diff", "fix-in-source"]);
  });

  it("accepts the one-line fix with full quality", async () => {
    await solveFixFailingTest(prepared.workspace);
    const result = await grade();
    expect(result.success).toBe(true);
    expect(result.quality).toBe(1);
    expect(result.checks.find((check) => check.name === "small-diff")?.detail).toBe(
      "2 lines changed in src/dates.js",
    );
  });

  it("fails when the test is edited to expect the bug", async () => {
    await replaceInFile({
      workspace: prepared.workspace,
      relative: "test/dates.test.js",
      replacements: [
        [', "2024-03-01"]);', "]);"],
        ['["2024-05-01"]);', "[]);"],
      ],
    });
    expect((await runNodeTests({ cwd: prepared.workspace })).exitCode).toBe(0);
    const result = await grade();
    expect(result.success).toBe(false);
    expect(failed(result)).toEqual(["tests-unchanged", "fix-in-source"]);
  });

  it("fails a change in the wrong file", async () => {
    await replaceInFile({
      workspace: prepared.workspace,
      relative: "src/availability.js",
      replacements: [["< parseDay(other.checkOut)", "<= parseDay(other.checkOut)"]],
    });
    const result = await grade();
    expect(result.success).toBe(false);
    expect(failed(result)).toEqual(["tests-pass", "fix-in-source"]);
  });

  it("ignores .git and .agentone folders when measuring the diff", async () => {
    await solveFixFailingTest(prepared.workspace);
    await mkdir(path.join(prepared.workspace, ".git"));
    await writeFile(path.join(prepared.workspace, ".git", "HEAD"), "ref: refs/heads/main\n".repeat(30));
    expect((await grade()).quality).toBe(1);
  });

  it("a correct but sprawling change succeeds with lower quality", async () => {
    await solveFixFailingTest(prepared.workspace);
    await appendFile(path.join(prepared.workspace, "src/dates.js"), "// note\n".repeat(20));
    const result = await grade();
    expect(result.success).toBe(true);
    expect(failed(result)).toEqual(["small-diff"]);
    expect(result.quality).toBeCloseTo(7 / 8);
  });
});
