import type { GradeCheck, GradeResult } from "./bench-task.js";

/**
 * Turns a task's checks into a grade: quality is the weighted share of passed checks, success needs
 * every essential check to pass.
 *
 * @example
 * ```ts
 * const result = summarizeChecks([
 *   { name: "tests-pass", passed: true, weight: 3, essential: true },
 *   { name: "small-diff", passed: false, weight: 1, essential: false, detail: "40 lines changed" },
 * ]);
 * // result.success === true, result.quality === 0.75
 * ```
 */
export function summarizeChecks(checks: readonly GradeCheck[]): GradeResult {
  const totalWeight = checks.reduce((sum, check) => sum + check.weight, 0);
  const passedWeight = checks.reduce((sum, check) => sum + (check.passed ? check.weight : 0), 0);
  const quality = totalWeight === 0 ? 0 : passedWeight / totalWeight;
  const failedEssential = checks.filter((check) => check.essential && !check.passed);
  const success = checks.length > 0 && failedEssential.length === 0;
  const lines = checks.map((check) => {
    const mark = check.passed ? "pass" : "FAIL";
    const kind = check.essential ? "essential" : "optional";
    const detail = check.detail === undefined ? "" : `: ${check.detail}`;
    return `${mark} ${check.name} (${kind}, weight ${check.weight})${detail}`;
  });
  const verdict = success
    ? "success"
    : `failure (${failedEssential.map((check) => check.name).join(", ") || "no checks"})`;
  return {
    success,
    quality,
    explanation: [`${verdict}; quality ${quality.toFixed(2)}`, ...lines].join("\n"),
    checks: checks.map((check) => ({ ...check })),
  };
}

/** One line of a task's rubric: a check's name, weight, whether it is essential and what it means. */
export interface RubricItem {
  name: string;
  weight: number;
  essential: boolean;
  meaning: string;
}

/** The grade check for a rubric item, so graders and the rubric text share one definition. */
export function checkOf(item: RubricItem, outcome: { passed: boolean; detail?: string }): GradeCheck {
  const check: GradeCheck = {
    name: item.name,
    passed: outcome.passed,
    weight: item.weight,
    essential: item.essential,
  };
  if (outcome.detail !== undefined) check.detail = outcome.detail;
  return check;
}

/** Renders a rubric as text for `BenchTask.rubric`. */
export function describeRubric(summary: string, items: readonly RubricItem[]): string {
  const lines = items.map(
    (item) => `- ${item.name} (weight ${item.weight}${item.essential ? ", essential" : ""}): ${item.meaning}`,
  );
  return [
    summary,
    "Quality is the weighted share of passed checks; success requires every essential check to pass.",
    ...lines,
  ].join("\n");
}
