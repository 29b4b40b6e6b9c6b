import type { ToolCacheStore } from "../../tool.js";
import { httpCacheKey } from "./cache-key.js";
import { removedEntry } from "./cached-response.js";
import { writeStored } from "./store-access.js";

/**
 * After a request with an unsafe method (POST, PUT, PATCH, DELETE) gets a non-error answer, removes the
 * stored GET of the same URL (RFC 9111 §4.4), so the agent's next read sees what its write did. The key
 * is the one a GET with the same headers would use: variants read with other headers are not found, and
 * go stale by their own freshness. Says whether an entry was removed; a store failure only means none was.
 *
 * @example
 * ```ts
 * await invalidateStoredGet({ store: context.cache, url, modelHeaders, scope, status: 204, signal });
 * ```
 */
export async function invalidateStoredGet(options: {
  store: ToolCacheStore | undefined;
  url: string;
  modelHeaders: Readonly<Record<string, string>> | undefined;
  scope: string;
  /** The status of the unsafe request's answer: only 2xx and 3xx invalidate. */
  status: number;
  signal: AbortSignal;
}): Promise<boolean> {
  const { store, status, signal } = options;
  if (store === undefined || status < 200 || status >= 400) return false;
  const place = httpCacheKey({ url: options.url, headers: options.modelHeaders, scope: options.scope });
  if (place === undefined) return false;
  return writeStored({ store, key: place.key, value: removedEntry, ttlMs: 1, signal });
}
