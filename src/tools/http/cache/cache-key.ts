import { sha256Hex, stableJson } from "../../../core/stable-json.js";
import type { ResolvedHttpToolOptions } from "../http-tool-options.js";

/**
 * Request fields left out of the key. Cache-Control and Pragma are directives to caches, not part of what
 * is asked for: a `no-cache` request must find the entry a plain request stored. Content-Type describes a
 * body, which a GET has none of: left out, a PUT's headers find the GET entry it makes stale. A response
 * whose Vary names one of these is not stored (see `isStorable`).
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

/** A GET's place in the cache: the key, and the normalized URL a stored entry must carry. */
export interface HttpCacheKey {
  key: string;
  url: string;
}

/**
 * The cache key of a GET, or undefined when the URL does not parse (the request itself then fails with
 * the usual refusal). The key holds the URL as URL parsing normalizes it (fragment dropped: it is never sent)
 * and a SHA-256 of the model's headers (names lower-cased and sorted, `fieldsOutsideKey` left out)
 * with the scope: no header value, credentials least of all, is kept in the key. Keying on every header
 * the model sent is stricter than Vary, which is then always satisfied.
 *
 * @example
 * ```ts
 * httpCacheKey({ url: "https://API.example.com/a#x", headers: { Accept: "application/json" }, scope });
 * // { key: "http_request:1 GET https://api.example.com/a 3f1c…", url: "https://api.example.com/a" }
 * ```
 */
export function httpCacheKey(options: {
  url: string;
  headers: Readonly<Record<string, string>> | undefined;
  scope: string;
}): HttpCacheKey | undefined {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    return undefined;
  }
  url.hash = "";
  const fields: [string, string][] = [];
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    const lower = name.toLowerCase();
    if (!fieldsOutsideKey.has(lower)) fields.push([lower, value]);
  }
  fields.sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
  const digest = sha256Hex(stableJson({ fields, scope: options.scope }));
  return { key: `http_request:1 GET ${url.href} ${digest}`, url: url.href };
}
