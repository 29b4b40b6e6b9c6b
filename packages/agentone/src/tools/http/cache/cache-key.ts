import { sha256Hex, stableJson } from "../../../core/stable-json.js";
import type { ResolvedHttpToolOptions } from "../http-tool-options.js";

/**
 * Request fields left out of the key. Cache-Control and Pragma are directives to caches, not part of what
 * is asked for: a `no-cache` request must find the entry a plain request stored. Content-Type describes a
 * body, which a GET has none of. A response whose Vary names one of these is not stored (see `isStorable`).
 */
export const fieldsOutsideKey: ReadonlySet<string> = new Set(["cache-control", "pragma", "content-type"]);

/**
 * The part of the configuration a stored response depends on: the destinations the tool may reach. It is
 * in every key, so an entry stored under a wider allowlist is never served once the allowlist narrows.
 *
 * @example
 * ```ts
 * const scope = httpCacheScope(resolveHttpToolOptions({ allowedHosts: ["api.example.com"] }));
 * ```
 */
export function httpCacheScope(options: ResolvedHttpToolOptions): string {
  return stableJson({
    allowedHosts: options.policy.allowlist?.patterns ?? null,
    allowPrivateAddresses: options.policy.allowPrivateAddresses,
  });
}

/**
 * The URL as the cache knows it: as URL parsing normalizes it, fragment dropped (it is never sent), or
 * undefined when it does not parse (the request itself then fails with the usual refusal).
 *
 * @example
 * ```ts
 * normalizeCacheUrl("HTTPS://API.example.com:443/a/../items#top"); // "https://api.example.com/items"
 * ```
 */
export function normalizeCacheUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  parsed.hash = "";
  return parsed.href;
}

/**
 * The cache key of a GET of `url` (normalized by `normalizeCacheUrl`). It holds the URL, the URL's
 * generation (see `readGeneration`: a write to the URL moves it on, so every entry stored before the write
 * is out of reach at once, whatever headers it was read with) and a SHA-256 of the model's headers (names
 * lower-cased and sorted, `fieldsOutsideKey` left out) with the scope: no header value, credentials
 * least of all, is kept in the key. Keying on every header the model sent is stricter than Vary, which is
 * then always satisfied.
 *
 * @example
 * ```ts
 * httpCacheKey({ url: "https://api.example.com/a", headers: { Accept: "application/json" }, scope, generation: 0 });
 * // "http_request:1 GET https://api.example.com/a 0 3f1c…"
 * ```
 */
export function httpCacheKey(options: {
  url: string;
  headers: Readonly<Record<string, string>> | undefined;
  scope: string;
  generation: number;
}): string {
  const fields: [string, string][] = [];
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    const lower = name.toLowerCase();
    if (!fieldsOutsideKey.has(lower)) fields.push([lower, value]);
  }
  fields.sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
  const digest = sha256Hex(stableJson({ fields, scope: options.scope }));
  return `http_request:1 GET ${options.url} ${options.generation} ${digest}`;
}
