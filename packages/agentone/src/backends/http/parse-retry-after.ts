/** Servers' wait hints are honoured up to this long; a larger hint is capped here (never ignored). */
export const maxRetryAfterMs = 60_000;

type HeaderSource =
  | { get(name: string): string | null }
  | Record<string, string | string[] | undefined>
  | undefined;

function header(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === "function") {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const record = headers as Record<string, string | string[] | undefined>;
  const value = record[name] ?? record[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

const usable = (ms: number) =>
  Number.isFinite(ms) && ms >= 0 ? Math.round(Math.min(ms, maxRetryAfterMs)) : undefined;

/**
 * How long the server asks us to wait, in milliseconds: `retry-after-ms`, then `retry-after` (seconds or an
 * HTTP date), then the latest Anthropic `anthropic-ratelimit-*-reset` (an RFC 3339 time). Negative values
 * are ignored; values above 60 s are capped at 60 s (the SDKs ignore them, which retries far too soon).
 *
 * @example
 * ```ts
 * parseRetryAfter(new Headers({ "retry-after": "3" }), Date.now()); // 3000
 * ```
 */
export function parseRetryAfter(headers: HeaderSource, now: number): number | undefined {
  const milliseconds = header(headers, "retry-after-ms");
  if (milliseconds !== undefined && milliseconds.trim() !== "") return usable(Number(milliseconds));
  const retryAfter = header(headers, "retry-after");
  if (retryAfter !== undefined && retryAfter.trim() !== "") {
    const seconds = Number(retryAfter);
    return usable(Number.isNaN(seconds) ? Date.parse(retryAfter) - now : seconds * 1000);
  }
  const resets = ["requests", "tokens", "input-tokens", "output-tokens"]
    .map((kind) => header(headers, `anthropic-ratelimit-${kind}-reset`))
    .filter((value): value is string => value !== undefined)
    .map((value) => Date.parse(value) - now)
    .filter((ms) => !Number.isNaN(ms));
  // Which limit ran out is not said; waiting for the last reset is the wait that surely suffices.
  return resets.length > 0 ? usable(Math.max(0, ...resets)) : undefined;
}
