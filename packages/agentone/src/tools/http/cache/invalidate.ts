import type { Clock } from "../../../core/clock/index.js";
import type { ToolCacheStore } from "../../tool.js";
import type { FinalResponse } from "../follow-redirects.js";
import { headerValue } from "../header-value.js";
import { normalizeCacheUrl } from "./cache-key.js";
import { advanceGeneration } from "./generation.js";

/**
 * Whether the answer to an unsafe request invalidates (RFC 9111 §4.4: a non-error status). A redirected
 * request counts whatever its final status: its first answer was a 3xx, a non-error status.
 */
function invalidates(final: FinalResponse): boolean {
  const { status } = final.response;
  return final.redirects > 0 || (status >= 200 && status < 400);
}

/**
 * The URLs a write's answer makes stale (RFC 9111 §4.4), normalized: the URL written to, the URL the
 * answer came from after redirects, and the `Location` and `Content-Location` of the answer (relative
 * ones resolved against that URL). Only those of the written URL's origin: another origin's resources
 * are not this server's to invalidate.
 *
 * @example
 * ```ts
 * invalidationTargets("https://api.example.com/items/1", final); // ["https://api.example.com/items/1", "https://api.example.com/items/2"]
 * ```
 */
export function invalidationTargets(url: string, final: FinalResponse): string[] {
  const written = new URL(url);
  const { headers } = final.response;
  const candidates = [
    url,
    final.finalUrl.href,
    headerValue(headers, "location"),
    headerValue(headers, "content-location"),
  ];
  const targets = new Set<string>();
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    let target: URL;
    try {
      target = new URL(candidate, final.finalUrl);
    } catch {
      continue;
    }
    const normalized = normalizeCacheUrl(target.href);
    if (target.origin === written.origin && normalized !== undefined) targets.add(normalized);
  }
  return [...targets];
}

/**
 * After a request with an unsafe method (POST, PUT, PATCH, DELETE) gets a non-error answer, moves on the
 * generation of every URL it makes stale (see `invalidationTargets`, `advanceGeneration`): every GET
 * stored for them, whatever its headers, is out of reach, so the agent's next read sees what its write
 * did. Returns the URLs whose new generation was stored; a failing store only means fewer, never a
 * failed call.
 *
 * @example
 * ```ts
 * await invalidateAfterWrite({ store: context.cache, url, final, scope, clock: context.clock, signal });
 * // ["https://api.example.com/items/1"]
 * ```
 */
export async function invalidateAfterWrite(options: {
  store: ToolCacheStore | undefined;
  /** The URL the model wrote to. */
  url: string;
  final: FinalResponse;
  scope: string;
  clock: Clock;
  signal: AbortSignal;
}): Promise<string[]> {
  const { store, final } = options;
  if (store === undefined || !invalidates(final)) return [];
  const invalidated: string[] = [];
  for (const url of invalidationTargets(options.url, final)) {
    if (await advanceGeneration({ ...options, store, url })) invalidated.push(url);
  }
  return invalidated;
}
