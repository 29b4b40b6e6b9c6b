import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GradeResult, PreparedTask } from "../bench-task.js";
import { replaceInFile } from "../reference-edits.js";
import { runNodeTests } from "../run-node-tests.js";
import { timesheetSource } from "./consumer-content.js";
import {
  consumerPatch,
  fixedTimesheetSource,
  referenceBreakingNotes,
  solveBreakingChanges,
} from "./reference-solution.js";
import { breakingChangesPatchTask } from "./task.js";

let base: string;
let prepared: PreparedTask;

beforeEach(async () => {
  base = await mkdtemp(path.join(tmpdir(), "agentone-bench-breaking-"));
  prepared = await breakingChangesPatchTask.prepare({ directory: path.join(base, "workspace"), seed: 2 });
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const failed = (result: GradeResult) =>
  result.checks.filter((check) => !check.passed).map((check) => check.name);
const grade = () => prepared.grade({ answer: null, workspace: prepared.workspace });
const write = (relative: string, text: string) => writeFile(path.join(prepared.workspace, relative), text);
const consumer = () => path.join(prepared.workspace, "consumer");

describe("breaking-changes-patch fixture", () => {
  it("the consumer fails on lib-v2 and passes on lib-v1", async () => {
    expect((await runNodeTests({ cwd: consumer() })).exitCode).not.toBe(0);
    for (const relative of ["consumer/src/timesheet.js", "consumer/src/report.js"]) {
      await replaceInFile({ workspace: prepared.workspace, relative, replacements: [["lib-v2", "lib-v1"]] });
    }
    const run = await runNodeTests({ cwd: consumer() });
    expect([run.exitCode, run.passed, run.failed]).toEqual([0, 6, 0]);
  });
});

describe("breaking-changes-patch grader", () => {
  it("accepts the reference notes and patch with full quality", async () => {
    await solveBreakingChanges(prepared.workspace);
    const result = await grade();
    expect(result.explanation).toContain("success");
    expect(result.quality).toBe(1);
  });

  it("accepts a patch with consumer-relative paths", async () => {
    await write("BREAKING.md", referenceBreakingNotes);
    await write("fix.patch", consumerPatch("src/timesheet.js", timesheetSource, fixedTimesheetSource));
    expect((await grade()).success).toBe(true);
  });

  it("fails a patch that does not apply to the original consumer", async () => {
    await write("BREAKING.md", referenceBreakingNotes);
    const drifted = timesheetSource.replace("malformed line", "bad line");
    await write("fix.patch", consumerPatch("consumer/src/timesheet.js", drifted, fixedTimesheetSource));
    const result = await grade();
    expect(result.success).toBe(false);
    expect(failed(result)).toEqual(["patch-applies", "still-on-v2", "consumer-tests-pass"]);
  });

  it("fails text that is not a diff", async () => {
    await write("BREAKING.md", referenceBreakingNotes);
    await write("fix.patch", "I fixed timesheet.js by catching the RangeError.\n");
    const result = await grade();
    expect(failed(result)).toContain("patch-applies");
    expect(result.checks.find((check) => check.name === "patch-applies")?.detail).toContain("No files");
  });

  it("fails a patch that goes back to lib-v1, although the tests then pass", async () => {
    await write("BREAKING.md", referenceBreakingNotes);
    const back = timesheetSource.replace("lib-v2", "lib-v1");
    await write("fix.patch", consumerPatch("consumer/src/timesheet.js", timesheetSource, back));
    const result = await grade();
    expect(failed(result)).toContain("still-on-v2");
    expect(result.success).toBe(false);
  });

  it("fails a patch that also edits the consumer's tests, even when they pass", async () => {
    await solveBreakingChanges(prepared.workspace);
    const testFile = "consumer/test/report.test.js";
    const original = await readFile(path.join(prepared.workspace, testFile), "utf8");
    const edited = original.replace("dailyReport prints", "dailyReport still prints");
    const fix = consumerPatch("consumer/src/timesheet.js", timesheetSource, fixedTimesheetSource);
    await write("fix.patch", fix + consumerPatch(testFile, original, edited));
    const result = await grade();
    expect(failed(result)).toEqual(["patch-scope"]);
    expect(result.success).toBe(false);
  });

  it("fails notes that miss a breaking change, and a missing patch", async () => {
    await write("BREAKING.md", referenceBreakingNotes.replace(/3\. .*\n/, ""));
    const result = await grade();
    expect(failed(result)).toEqual([
      "notes-total-duration",
      "patch-applies",
      "patch-scope",
      "still-on-v2",
      "consumer-tests-pass",
    ]);
  });

  it("grades the patch, not the workspace: fixing the consumer in place is not enough", async () => {
    await write("BREAKING.md", referenceBreakingNotes);
    await write("consumer/src/timesheet.js", fixedTimesheetSource);
    expect((await runNodeTests({ cwd: consumer() })).exitCode).toBe(0);
    const result = await grade();
    expect(result.success).toBe(false);
    expect(failed(result)).toContain("patch-applies");
  });
});
