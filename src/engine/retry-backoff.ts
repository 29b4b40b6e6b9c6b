import type { Random } from "../core/random.js";

/** Exponential backoff with full jitter, honouring the server's wait hint up to a cap. */
export function retryDelayMs(options: { attempt: number; random: Random; retryAfterMs?: number }): number {
  const base = 500;
  const cap = 30_000;
  const exponential = Math.min(cap, base * 2 ** (options.attempt - 1));
  const jittered = exponential / 2 + options.random.next() * (exponential / 2);
  if (options.retryAfterMs !== undefined) return Math.min(cap, Math.max(options.retryAfterMs, jittered));
  return Math.round(jittered);
}
