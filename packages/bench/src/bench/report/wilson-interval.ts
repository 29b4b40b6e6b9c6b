/** A proportion and its confidence interval, each from 0 to 1. */
export interface ProportionInterval {
  estimate: number;
  low: number;
  high: number;
}

/** The standard normal quantile for a two-sided 95% interval. */
export const z95 = 1.959963984540054;

/**
 * The Wilson score interval of a success rate: unlike the normal approximation it stays inside [0, 1] and
 * is sensible for small samples and for rates of 0 or 1. With no trials the rate is unknown: 0 within
 * [0, 1].
 *
 * @example
 * ```ts
 * wilsonInterval({ successes: 8, trials: 10 }); // { estimate: 0.8, low: 0.4902, high: 0.9433 } (rounded)
 * ```
 */
export function wilsonInterval(input: { successes: number; trials: number; z?: number }): ProportionInterval {
  const { successes, trials } = input;
  const z = input.z ?? z95;
  if (
    !Number.isInteger(trials) ||
    trials < 0 ||
    !Number.isInteger(successes) ||
    successes < 0 ||
    successes > trials
  )
    throw new RangeError(`need whole numbers with 0 <= successes <= trials, got ${successes} of ${trials}`);
  if (trials === 0) return { estimate: 0, low: 0, high: 1 };
  const rate = successes / trials;
  const zSquared = z * z;
  const denominator = 1 + zSquared / trials;
  const centre = (rate + zSquared / (2 * trials)) / denominator;
  const margin =
    (z / denominator) * Math.sqrt((rate * (1 - rate)) / trials + zSquared / (4 * trials * trials));
  // Exact bounds at the edges, without rounding noise below 0 or above 1.
  return {
    estimate: rate,
    low: successes === 0 ? 0 : Math.max(0, centre - margin),
    high: successes === trials ? 1 : Math.min(1, centre + margin),
  };
}
