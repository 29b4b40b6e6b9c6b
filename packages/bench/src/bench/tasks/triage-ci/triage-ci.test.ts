import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GradeResult, PreparedTask } from "../bench-task.js";
import { readFileOrNull } from "../fixture-tree.js";
import { runNodeTests } from "../run-node-tests.js";
import { referenceTriageReport, solveTriage } from "./reference-solution.js";
import { triageCiTask } from "./task.js";

let base: string;
let prepared: PreparedTask;

beforeEach(async () => {
  base = await mkdtemp(path.join(tmpdir(), "agentone-bench-triage-"));
  prepared = await triageCiTask.prepare({ directory: path.join(base, "workspace"), seed: 3 });
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const failed = (result: GradeResult) =>
  result.checks.filter((check) => !check.passed).map((check) => check.name);
const fenced = (report: object) => `My triage:\n\`\`\`json\n${JSON.stringify(report)}\n\`\`\``;
const gradeAnswer = (answer: string | null) => prepared.grade({ answer, workspace: prepared.workspace });

describe("triage-ci fixture", () => {
  it("fails exactly one test, and the log's stack frames are the real ones", async () => {
    const run = await runNodeTests({ cwd: prepared.workspace });
    expect([run.passed, run.failed]).toEqual([8, 1]);
    const log = (await readFileOrNull(path.join(prepared.workspace, "ci.log")))?.toString("utf8") ?? "";
    expect(log.split("\n").length).toBeGreaterThan(200);
    const frames = run.output
      .split("\n")
      .filter((line) => /\((file:\/\/.*\/(src|test)\/[a-z.]+:\d+:\d+)\)|^\s+file:\/\/.*src\//.test(line))
      .map((line) =>
        line.trim().replace(`file://${prepared.workspace}`, "file:///home/runner/work/ledgerline/ledgerline"),
      );
    expect(frames).toHaveLength(4);
    for (const line of frames) expect(log).toContain(line);
  });
});

describe("triage-ci grader", () => {
  it("accepts the reference report from triage.json with full quality", async () => {
    const { answer } = await solveTriage(prepared.workspace);
    const result = await gradeAnswer(answer);
    expect(result.success).toBe(true);
    expect(result.quality).toBe(1);
  });

  it("accepts the report given only in the answer, with CI-style paths", async () => {
    const report = {
      ...referenceTriageReport,
      failingTest: `test/invoice.test.js > "${referenceTriageReport.failingTest}"`,
      rootCauseFile: "/home/runner/work/ledgerline/ledgerline/src/currency.js:21:45",
      category: "Regression",
    };
    const result = await gradeAnswer(fenced(report));
    expect(result.success).toBe(true);
  });

  it("falls back to the answer when triage.json is not a valid report", async () => {
    await writeFile(path.join(prepared.workspace, "triage.json"), "{ not json");
    const result = await gradeAnswer(fenced(referenceTriageReport));
    expect(result.checks[0]?.detail).toBe("report read from the answer");
    expect(result.success).toBe(true);
  });

  it("fails the wrong root-cause file", async () => {
    const result = await gradeAnswer(fenced({ ...referenceTriageReport, rootCauseFile: "src/invoice.js" }));
    expect(result.success).toBe(false);
    expect(failed(result)).toEqual(["root-cause-file"]);
  });

  it("fails a flaky verdict and a wrong failing test", async () => {
    const report = {
      ...referenceTriageReport,
      category: "flaky",
      failingTest: "computeTotals adds tax per region",
    };
    const result = await gradeAnswer(fenced(report));
    expect(failed(result)).toEqual(["failing-test", "category"]);
  });

  it("gives partial credit for a vague fix without failing the task", async () => {
    const report = { ...referenceTriageReport, suggestedFix: "Fix the lookup in formatAmount." };
    const result = await gradeAnswer(fenced(report));
    expect(result.success).toBe(true);
    expect(failed(result)).toEqual(["fix-names-change"]);
    expect(result.quality).toBeCloseTo(7 / 8);
  });

  it("fails every check when there is no report at all", async () => {
    const result = await gradeAnswer("The invoice test fails because of currency formatting.");
    expect(result.success).toBe(false);
    expect(result.quality).toBe(0);
    expect(result.checks[0]?.detail).toContain("no triage.json");
  });

  it("refuses a report missing a field", async () => {
    const { suggestedFix: _dropped, ...partial } = referenceTriageReport;
    const result = await gradeAnswer(fenced(partial));
    expect(failed(result)).toContain("report-found");
    expect(result.success).toBe(false);
  });
});
