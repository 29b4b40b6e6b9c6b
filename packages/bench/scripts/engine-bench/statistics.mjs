/** The few statistics `bench:engine` reports: medians over repeated runs, and how a step's cost grows. */

export function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function mean(values) {
  if (values.length === 0) return Number.NaN;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * The windows of a run's steps that the late/early ratio compares, as 1-based inclusive step numbers: the
 * last tenth of the run against the tenth that starts at 5% of it (for 1000 steps: 901–1000 against
 * 51–150, away from the first steps' warm-up).
 */
export function lateEarlyWindows(stepCount) {
  const tenth = Math.max(1, Math.round(stepCount / 10));
  const earlyFirst = Math.round(stepCount / 20) + 1;
  return {
    early: { first: earlyFirst, last: earlyFirst + tenth - 1 },
    late: { first: stepCount - tenth + 1, last: stepCount },
  };
}

/**
 * Mean cost of a late step over mean cost of an early one ({@link lateEarlyWindows}); 1 when a step costs
 * the same whatever its number, 10 when its cost grows in proportion to it. `stepMs[i]` is step i+1's.
 */
export function lateEarlyRatio(stepMs) {
  if (stepMs.length < 10) return Number.NaN;
  const { early, late } = lateEarlyWindows(stepMs.length);
  const window = ({ first, last }) => stepMs.slice(first - 1, last);
  return mean(window(late)) / mean(window(early));
}
