import type { Random } from "../../core/random.js";

export interface RetrySettings {
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest server wait hint honoured. */
  maxServerWaitMs: number;
}

const defaults: RetrySettings = { baseDelayMs: 500, maxDelayMs: 30_000, maxServerWaitMs: 60_000 };

/**
 * Exponential backoff with jitter (half fixed, half drawn from the run's seeded generator), honouring
 * the server's wait hint up to `maxServerWaitMs`. (When a hint exceeds that cap and another model may take the call, the call falls
 * back instead of waiting.)
 */
export function retryDelayMs(options: {
  attempt: number;
  random: Random;
  settings?: RetrySettings;
  retryAfterMs?: number;
}): number {
  const { baseDelayMs, maxDelayMs, maxServerWaitMs } = options.settings ?? defaults;
  const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** (options.attempt - 1));
  const jittered = exponential / 2 + options.random.next() * (exponential / 2);
  if (options.retryAfterMs !== undefined)
    return Math.round(Math.min(maxServerWaitMs, Math.max(options.retryAfterMs, jittered)));
  return Math.round(jittered);
}
