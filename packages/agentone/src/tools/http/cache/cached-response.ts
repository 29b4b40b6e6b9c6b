import type { IncomingHttpHeaders } from "node:http";
import { z } from "zod";
import type { FinalResponse } from "../follow-redirects.js";
import { storedHeaderFields } from "./conditional-request.js";
import type { ExchangeTimes } from "./freshness.js";

/** Bodies larger than this are not stored: the store holds API answers, not downloads. */
export const maxStoredBodyBytes = 256 * 1024;

/**
 * A stored response as JSON. Read back, it is untrusted (an older format, a corrupted row): it is parsed
 * with this schema and anything that does not match is a miss.
 */
const cachedResponseSchema = z.object({
  format: z.literal(1),
  url: z.string().refine((url) => URL.canParse(url), "not an absolute URL"),
  status: z.number().int().min(100).max(599),
  statusText: z.string(),
  headers: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  /** The body, base64. */
  body: z.base64(),
  requestTime: z.number(),
  responseTime: z.number(),
});

export type CachedResponse = z.output<typeof cachedResponseSchema>;

/**
 * The store has no delete: an entry superseded by an answer that may not be stored is overwritten by this,
 * which reads as a miss. Writes do not use it: they move the URL's generation on (see `advanceGeneration`).
 */
export const removedEntry = { removed: true } as const;

/**
 * Whether the exchange itself can be stored, whatever its headers say: reached without redirects, read
 * whole, and small enough.
 *
 * @example
 * ```ts
 * if (canStoreExchange(final) && storageTtlMs({ ... }) > 0) await store.put(key, encodeCachedResponse({ final, times }), ...);
 * ```
 */
export function canStoreExchange(final: FinalResponse): boolean {
  const { response } = final;
  return (
    final.redirects === 0 &&
    final.unfollowedRedirect === undefined &&
    !response.truncated &&
    response.body.length <= maxStoredBodyBytes
  );
}

/**
 * The JSON value stored for a response.
 *
 * @example
 * ```ts
 * encodeCachedResponse({ final, times: { requestTime, responseTime } }).body; // "eyJvayI6dHJ1ZX0="
 * ```
 */
export function encodeCachedResponse(options: {
  final: FinalResponse;
  times: ExchangeTimes;
}): CachedResponse {
  const { final, times } = options;
  return {
    format: 1,
    url: final.finalUrl.href,
    status: final.response.status,
    statusText: final.response.statusText,
    headers: storedHeaderFields(final.response.headers),
    body: final.response.body.toString("base64"),
    requestTime: times.requestTime,
    responseTime: times.responseTime,
  };
}

/**
 * A stored value read back, or undefined when it is not a valid stored response.
 *
 * @example
 * ```ts
 * const entry = decodeCachedResponse(await store.get(key)); // undefined on a miss or a bad value
 * ```
 */
export function decodeCachedResponse(value: unknown): CachedResponse | undefined {
  const parsed = cachedResponseSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * A stored response as the tool renders it, cut at today's `maxResponseBytes` exactly as a live read
 * would be (the entry may have been stored under a larger limit).
 *
 * @example
 * ```ts
 * formatResponse({ final: toFinalResponse(entry, 1 << 20), method: "GET", maxResponseBytes: 1 << 20 });
 * ```
 */
export function toFinalResponse(entry: CachedResponse, maxResponseBytes: number): FinalResponse {
  const body = Buffer.from(entry.body, "base64");
  const headers: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(entry.headers)) headers[name] = value;
  return {
    response: {
      status: entry.status,
      statusText: entry.statusText,
      headers,
      body: body.subarray(0, maxResponseBytes),
      truncated: body.length > maxResponseBytes,
    },
    finalUrl: new URL(entry.url),
    redirects: 0,
  };
}
