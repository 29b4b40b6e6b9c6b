import { createRandom } from "agentone";

/** A mean and its confidence interval. */
export interface MeanInterval {
  mean: number;
  low: number;
  high: number;
}

/**
 * The mean of `values` with a 95% percentile-bootstrap interval: `resamples` resamples with replacement,
 * drawn from a generator seeded with `seed`, so the same values always give the same interval. The
 * bootstrap suits costs and latencies, which are skewed and bounded below, better than a t-interval.
 * A single value has a zero-width interval; no values give null.
 *
 * @example
 * ```ts
 * bootstrapMeanInterval({ values: [0.01, 0.02, 0.05], seed: 1 }); // { mean: 0.0267, low: 0.01, high: 0.05 } roughly
 * ```
 */
export function bootstrapMeanInterval(input: {
  values: readonly number[];
  seed: number | string;
  resamples?: number;
  confidence?: number;
}): MeanInterval | null {
  const { values } = input;
  if (values.length === 0) return null;
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  if (values.length === 1) return { mean, low: mean, high: mean };
  const resamples = input.resamples ?? 2000;
  const confidence = input.confidence ?? 0.95;
  const random = createRandom(input.seed);
  const means: number[] = [];
  for (let round = 0; round < resamples; round++) {
    let sum = 0;
    for (let draw = 0; draw < values.length; draw++) sum += values[random.integer(0, values.length - 1)] ?? 0;
    means.push(sum / values.length);
  }
  means.sort((left, right) => left - right);
  const tail = (1 - confidence) / 2;
  const at = (fraction: number) =>
    means[Math.min(means.length - 1, Math.max(0, Math.floor(fraction * means.length)))] ?? mean;
  return { mean, low: at(tail), high: at(1 - tail) };
}
