import path from "node:path";
import { jsonObjectInAnswer, jsonObjectInFile } from "../answer-json.js";
import type { GradeResult, TaskOutcome } from "../bench-task.js";
import { readFileOrNull } from "../fixture-tree.js";
import { checkOf, type RubricItem, summarizeChecks } from "../grade-checks.js";
import { normalizeReportedPath, normalizeText, triageKey } from "./triage-key.js";

export const triageRubric = {
  reportFound: {
    name: "report-found",
    weight: 1,
    essential: true,
    meaning: "triage.json in the workspace, or a JSON object in the answer, holds the four fields as strings",
  },
  failingTest: {
    name: "failing-test",
    weight: 2,
    essential: true,
    meaning: "failingTest contains the failing test's name (case and quotes ignored)",
  },
  rootCauseFile: {
    name: "root-cause-file",
    weight: 2,
    essential: true,
    meaning: "rootCauseFile is src/currency.js (absolute CI paths, ./ and :line:column accepted)",
  },
  category: { name: "category", weight: 1, essential: true, meaning: 'category is "regression"' },
  fixFunction: {
    name: "fix-names-function",
    weight: 1,
    essential: false,
    meaning: "suggestedFix names formatAmount or normalizeCode",
  },
  fixConcept: {
    name: "fix-names-change",
    weight: 1,
    essential: false,
    meaning: "suggestedFix is about the currency code's case (toUpperCase/toLowerCase, upper/lower case)",
  },
} satisfies Record<string, RubricItem>;

const fields = ["failingTest", "rootCauseFile", "category", "suggestedFix"] as const;
type TriageReport = Record<(typeof fields)[number], string>;

function asReport(value: Record<string, unknown> | null): TriageReport | null {
  if (value === null) return null;
  if (!fields.every((field) => typeof value[field] === "string")) return null;
  return value as TriageReport;
}

/** The report from triage.json when it is a valid one, else from the answer. */
async function findReport(outcome: TaskOutcome): Promise<{ report: TriageReport | null; source: string }> {
  const file = await readFileOrNull(path.join(outcome.workspace, "triage.json"));
  const fromFile = asReport(jsonObjectInFile(file?.toString("utf8") ?? null));
  if (fromFile !== null) return { report: fromFile, source: "triage.json" };
  const fromAnswer = asReport(outcome.answer === null ? null : jsonObjectInAnswer(outcome.answer));
  if (fromAnswer !== null) return { report: fromAnswer, source: "the answer" };
  return {
    report: null,
    source: file === null ? "no triage.json and no JSON report in the answer" : "invalid",
  };
}

/** Grades the triage report against the key; the repository itself is not judged. */
export async function gradeTriage(outcome: TaskOutcome): Promise<GradeResult> {
  const { report, source } = await findReport(outcome);
  const empty: TriageReport = { failingTest: "", rootCauseFile: "", category: "", suggestedFix: "" };
  const value = report ?? empty;
  const file = normalizeReportedPath(value.rootCauseFile);
  return summarizeChecks([
    checkOf(triageRubric.reportFound, {
      passed: report !== null,
      detail: report === null ? `no valid report (${source})` : `report read from ${source}`,
    }),
    checkOf(triageRubric.failingTest, {
      passed:
        value.failingTest.trim() !== "" &&
        normalizeText(value.failingTest).includes(normalizeText(triageKey.failingTest)),
      detail: `got ${JSON.stringify(value.failingTest)}`,
    }),
    checkOf(triageRubric.rootCauseFile, {
      passed: file === triageKey.rootCauseFile || file.endsWith(`/${triageKey.rootCauseFile}`),
      detail: `got ${JSON.stringify(value.rootCauseFile)}`,
    }),
    checkOf(triageRubric.category, {
      passed: normalizeText(value.category) === triageKey.category,
      detail: `got ${JSON.stringify(value.category)}`,
    }),
    checkOf(triageRubric.fixFunction, { passed: triageKey.fixFunction.test(value.suggestedFix) }),
    checkOf(triageRubric.fixConcept, { passed: triageKey.fixConcept.test(value.suggestedFix) }),
  ]);
}
