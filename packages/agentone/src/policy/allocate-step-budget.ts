/** Weight of a step that follows a failure or a retry: it gets this many ordinary shares. */
export const uncertainStepWeight = 1.5;

/** Steps beyond the plan's items kept in reserve (the final answer, one correction). */
export const reserveSteps = 2;

/**
 * Counts the numbered items of a plan ("1. ...", "2) ..."): the steps the model expects to take.
 * A plan without numbered items counts as null (unknown).
 */
export function plannedStepCount(plan: string | null): number | null {
  if (plan === null) return null;
  const items = plan.split("\n").filter((line) => /^\s*\d+[.)]\s+\S/.test(line)).length;
  return items > 0 ? items : null;
}

/**
 * Adaptive budgeting: this step's share of the dollars still available. The remaining budget is split
 * evenly over the steps the plan still expects (plus a reserve), so steps that finished under their share
 * leave more to the rest and steps that ran over leave less; a step after a failure or a retry (uncertain
 * work) gets a larger share, borrowed from the later ones. Null when dollars are unlimited or no plan
 * tells how many steps remain.
 *
 * @example
 * ```ts
 * allocateStepShare({ availableNanoUsd: 1_000_000_000, plannedSteps: 5, stepsTakenSincePlan: 1,
 *   stepsLeft: 40, uncertain: false }); // 1e9 / (5 - 1 + 2) ≈ 166_666_666
 * ```
 */
export function allocateStepShare(input: {
  availableNanoUsd: number | null;
  plannedSteps: number | null;
  stepsTakenSincePlan: number;
  /** Steps the step budget still allows, if limited. */
  stepsLeft: number | null;
  uncertain: boolean;
}): number | null {
  if (input.availableNanoUsd === null || input.plannedSteps === null) return null;
  const expected = Math.max(1, input.plannedSteps - input.stepsTakenSincePlan) + reserveSteps;
  const remaining = input.stepsLeft === null ? expected : Math.max(1, Math.min(expected, input.stepsLeft));
  const weight = input.uncertain ? uncertainStepWeight : 1;
  return Math.floor((Math.max(0, input.availableNanoUsd) * Math.min(remaining, weight)) / remaining);
}
