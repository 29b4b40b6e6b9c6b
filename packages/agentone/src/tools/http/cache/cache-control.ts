import { type HeaderFields, headerValue } from "../header-value.js";

/** The Cache-Control directives this private cache acts on (RFC 9111 §5.2). */
export interface CacheDirectives {
  noStore: boolean;
  noCache: boolean;
  mustRevalidate: boolean;
  /**
   * `max-age` in seconds. An invalid value reads as 0 (RFC 9111 §4.2.1 encourages treating invalid
   * freshness information as stale); a repeated directive keeps its first value.
   */
  maxAgeSeconds: number | undefined;
}

// RFC 9111 §1.2.2: a delta-seconds too large to represent is taken as 2^31.
const largestDeltaSeconds = 2_147_483_648;

/** Splits at commas that are not inside a quoted string (`no-cache="a, b"` is one directive). */
function splitDirectives(value: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let index = 0; index < value.length; index++) {
    const character = value[index] ?? "";
    if (quoted && character === "\\") {
      current += character + (value[index + 1] ?? "");
      index++;
      continue;
    }
    if (character === '"') quoted = !quoted;
    if (character === "," && !quoted) {
      parts.push(current);
      current = "";
    } else current += character;
  }
  parts.push(current);
  return parts;
}

function deltaSeconds(argument: string | undefined): number {
  const text = argument?.replace(/^"(.*)"$/, "$1");
  if (text === undefined || !/^\d+$/.test(text)) return 0;
  return Math.min(Number(text), largestDeltaSeconds);
}

/**
 * Parses a Cache-Control field value. Names are case-insensitive; unknown directives (and `private`,
 * `public` and `s-maxage`, which do not concern a private cache) are ignored. A qualified
 * `no-cache="field"` is read as plain `no-cache`, which RFC 9111 §5.2.2.4 allows.
 *
 * @example
 * ```ts
 * parseCacheControl("private, Max-Age=60, must-revalidate");
 * // { noStore: false, noCache: false, mustRevalidate: true, maxAgeSeconds: 60 }
 * ```
 */
export function parseCacheControl(value: string | undefined): CacheDirectives {
  const directives: CacheDirectives = {
    noStore: false,
    noCache: false,
    mustRevalidate: false,
    maxAgeSeconds: undefined,
  };
  if (value === undefined) return directives;
  for (const part of splitDirectives(value)) {
    const separator = part.indexOf("=");
    const name = (separator < 0 ? part : part.slice(0, separator)).trim().toLowerCase();
    const argument = separator < 0 ? undefined : part.slice(separator + 1).trim();
    if (name === "no-store") directives.noStore = true;
    else if (name === "no-cache") directives.noCache = true;
    else if (name === "must-revalidate") directives.mustRevalidate = true;
    else if (name === "max-age" && directives.maxAgeSeconds === undefined)
      directives.maxAgeSeconds = deltaSeconds(argument);
  }
  return directives;
}

/**
 * The directives of the model's request: its Cache-Control, with `Pragma: no-cache` read as `no-cache`
 * (the HTTP/1.0 form some clients still send). Header names are matched without regard to case.
 *
 * @example
 * ```ts
 * requestCacheDirectives({ Pragma: "no-cache" }).noCache; // true
 * ```
 */
export function requestCacheDirectives(headers: HeaderFields | undefined): CacheDirectives {
  const lowered: Record<string, string | readonly string[] | undefined> = {};
  for (const [name, value] of Object.entries(headers ?? {})) lowered[name.toLowerCase()] = value;
  const directives = parseCacheControl(headerValue(lowered, "cache-control"));
  const pragma = headerValue(lowered, "pragma");
  if (
    pragma !== undefined &&
    splitDirectives(pragma).some((part) => part.trim().toLowerCase() === "no-cache")
  )
    directives.noCache = true;
  return directives;
}
