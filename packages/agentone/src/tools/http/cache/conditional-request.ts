import { type HeaderFields, headerList, headerValue, type StoredHeaders } from "../header-value.js";

// RFC 9111 §3.1: fields that belong to one connection are not stored, and a 304 does not update them;
// §3.2 keeps Content-Length too, which describes the stored body, not the empty 304.
const connectionFields = [
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "transfer-encoding",
  "upgrade",
];

function unstoredFields(headers: HeaderFields): Set<string> {
  return new Set([...connectionFields, ...headerList(headers, "connection")]);
}

/**
 * The fields of a response as they are stored: connection-specific fields (and those the Connection
 * field names) dropped, absent ones left out, arrays copied.
 *
 * @example
 * ```ts
 * storedHeaderFields({ etag: '"v1"', connection: "close" }); // { etag: '"v1"' }
 * ```
 */
export function storedHeaderFields(headers: HeaderFields): StoredHeaders {
  const skipped = unstoredFields(headers);
  const stored: StoredHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || skipped.has(name)) continue;
    stored[name] = typeof value === "string" ? value : [...value];
  }
  return stored;
}

/**
 * Whether the response carries a validator a conditional request can use: an ETag or a Last-Modified.
 *
 * @example
 * ```ts
 * hasValidators({ "last-modified": "Tue, 01 Apr 2025 00:00:00 GMT" }); // true
 * ```
 */
export function hasValidators(headers: HeaderFields): boolean {
  return headerValue(headers, "etag") !== undefined || headerValue(headers, "last-modified") !== undefined;
}

/**
 * The headers that make a request conditional on the stored response (RFC 9110 §13.1): If-None-Match
 * with its ETag and If-Modified-Since with its Last-Modified, both when it has both (a server that
 * knows ETags goes by If-None-Match).
 *
 * @example
 * ```ts
 * validatorHeaders({ etag: '"v1"' }); // { "if-none-match": '"v1"' }
 * ```
 */
export function validatorHeaders(stored: HeaderFields): Record<string, string> {
  const conditions: Record<string, string> = {};
  const etag = headerValue(stored, "etag");
  const lastModified = headerValue(stored, "last-modified");
  if (etag !== undefined) conditions["if-none-match"] = etag;
  if (lastModified !== undefined) conditions["if-modified-since"] = lastModified;
  return conditions;
}

const isWeak = (etag: string) => etag.startsWith("W/");
const opaqueTag = (etag: string) => (isWeak(etag) ? etag.slice(2) : etag);

/**
 * Whether a 304 is about the stored response (RFC 9111 §4.3.4): a strong ETag must equal the stored
 * one (strong comparison), a weak one match it weakly; without an ETag a Last-Modified must equal the
 * stored one. A 304 with no validator at all is taken as answering the conditional request this cache
 * sent for its one stored response.
 *
 * @example
 * ```ts
 * notModifiedMatches({ etag: '"v1"' }, { etag: 'W/"v1"' }); // true
 * notModifiedMatches({ etag: '"v1"' }, { etag: '"v2"' }); // false
 * ```
 */
export function notModifiedMatches(stored: HeaderFields, notModified: HeaderFields): boolean {
  const newTag = headerValue(notModified, "etag");
  const storedTag = headerValue(stored, "etag");
  if (newTag !== undefined) {
    if (storedTag === undefined) return false;
    if (!isWeak(newTag)) return !isWeak(storedTag) && newTag === storedTag;
    return opaqueTag(newTag) === opaqueTag(storedTag);
  }
  const newLastModified = headerValue(notModified, "last-modified");
  if (newLastModified !== undefined) return headerValue(stored, "last-modified") === newLastModified;
  return true;
}

/**
 * The stored fields updated from a 304 (RFC 9111 §3.2): every field the 304 carries replaces the stored
 * one, except connection-specific fields and Content-Length, which describes the stored body.
 *
 * @example
 * ```ts
 * mergeNotModified({ etag: '"v1"', "content-length": "5" }, { "cache-control": "max-age=60", "content-length": "0" });
 * // { etag: '"v1"', "content-length": "5", "cache-control": "max-age=60" }
 * ```
 */
export function mergeNotModified(stored: HeaderFields, notModified: HeaderFields): StoredHeaders {
  const merged = storedHeaderFields(stored);
  const skipped = unstoredFields(notModified);
  skipped.add("content-length");
  for (const [name, value] of Object.entries(notModified)) {
    if (value === undefined || skipped.has(name)) continue;
    merged[name] = typeof value === "string" ? value : [...value];
  }
  return merged;
}
