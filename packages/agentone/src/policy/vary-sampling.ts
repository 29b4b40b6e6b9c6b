/** What the sampler is asked for; `undefined` leaves the server's default. */
export interface Sampling {
  seed?: number;
  temperature?: number;
}

/**
 * How a retry after a `model_output` failure changes the request: `model_output:new_seed` when only the
 * seed changed, `model_output:raised_temperature` when the temperature had to rise as well.
 */
export type SamplingVariation = "model_output:new_seed" | "model_output:raised_temperature";

/** The temperature a greedy request is raised to per retry: enough to leave the failing path. */
const temperatureStep = 0.3;
const maxRaisedTemperature = 1;

/**
 * The sampling for the `retry`-th retry (1, 2, ...) of a request whose output the server could not use.
 * Sending the same request again gets the same output and the same failure, so something must change:
 * the seed always moves, and a temperature of 0 (greedy decoding, which ignores the seed) rises too.
 * Pure: the same inputs give the same variation, so a replayed run retries exactly as the original did.
 *
 * @example
 * ```ts
 * varySampling({ seed: 42, temperature: 0.2 }, 1); // { sampling: { seed: 43, temperature: 0.2 }, variation: "model_output:new_seed" }
 * varySampling({ seed: 42, temperature: 0 }, 1); // { sampling: { seed: 43, temperature: 0.3 }, variation: "model_output:raised_temperature" }
 * ```
 */
export function varySampling(
  sampling: Sampling,
  retry: number,
): { sampling: Sampling; variation: SamplingVariation } {
  const seed = (sampling.seed ?? 0) + retry;
  if (sampling.temperature === 0) {
    const temperature = Math.min(maxRaisedTemperature, temperatureStep * retry);
    return { sampling: { seed, temperature }, variation: "model_output:raised_temperature" };
  }
  return {
    sampling: { seed, ...(sampling.temperature === undefined ? {} : { temperature: sampling.temperature }) },
    variation: "model_output:new_seed",
  };
}
