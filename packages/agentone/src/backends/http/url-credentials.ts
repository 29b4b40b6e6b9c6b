import { credentialForms } from "./redact-secrets.js";

/** Query parameters whose values are credentials: `api_key`, `key`, `token`, `sig`, `password`, ... */
export const credentialParameterPattern = /key|token|secret|passw|auth|sig|credential/i;

// Shorter values would match ordinary words; nothing that short is a real key.
const minimumSecretLength = 4;

/**
 * Every secret a base URL (and the backend's API key) holds, in each form a server may echo it back: the
 * key, the URL's user info and its Basic authorization token, and the values of query parameters named
 * like credentials. Longest first, so a secret that contains another is replaced whole.
 *
 * @example
 * ```ts
 * secretsOfUrl(new URL("http://gw/v1?api_key=qk%2F1&api-version=2024"), "sk-1");
 * // ["c2stMQ==", "cWsvMQ==", "qk%2F1", "sk-1", "qk/1"] ("2024" is no credential)
 * ```
 */
export function secretsOfUrl(url: URL, apiKey?: string): string[] {
  const userInfo = [url.username, url.password];
  const decodedUserInfo = userInfo.map((part) => decodeURIComponent(part));
  const basicToken =
    url.username === "" && url.password === "" ? undefined : `${decodedUserInfo[0]}:${decodedUserInfo[1]}`;
  const queryCredentials = [...url.searchParams]
    .filter(([name]) => credentialParameterPattern.test(name))
    .map(([, value]) => value);
  const secrets = [apiKey, ...userInfo, ...decodedUserInfo, basicToken, ...queryCredentials]
    .filter((value): value is string => value !== undefined && value.length >= minimumSecretLength)
    .flatMap(credentialForms);
  return [...new Set(secrets)].sort((left, right) => right.length - left.length);
}

/**
 * A request URL with the base URL's query parameters added, for gateways that take the key as `?api_key=`.
 *
 * @example
 * ```ts
 * withQuery("http://gw:11434/api/chat", { key: "k/1" }); // "http://gw:11434/api/chat?key=k%2F1"
 * ```
 */
export function withQuery(url: string, query: Readonly<Record<string, string>>): string {
  if (Object.keys(query).length === 0) return url;
  const parsed = new URL(url);
  for (const [name, value] of Object.entries(query)) parsed.searchParams.set(name, value);
  return parsed.toString();
}

/** A base URL taken apart: where to send, what to add to each request URL, and what to hide. */
export interface BaseUrlParts {
  /** Origin and path, no user info, query, fragment or trailing slash: safe to call and to show. */
  url: string;
  /** The base URL's query parameters, carried onto every request URL the adapter builds. */
  query: Record<string, string>;
  /** `Basic …` for user info the URL carried (fetch refuses URLs that hold credentials). */
  authorization?: string;
  /** What `secretsOfUrl` finds: every value to scrub from errors, events and output. */
  secrets: string[];
}

/**
 * Splits a parsed base URL into the parts an adapter needs. The caller parses it, so that the error for a
 * malformed value is its own (and never quotes the URL, which may hold a credential).
 *
 * @example
 * ```ts
 * splitBaseUrl(new URL("http://u:pw12@gw/v1/?api_key=qk-123"));
 * // { url: "http://gw/v1", query: { api_key: "qk-123" }, authorization: "Basic dTpwdzEy", secrets: [...] }
 * ```
 */
export function splitBaseUrl(parsed: URL, apiKey?: string): BaseUrlParts {
  const url = new URL(parsed.toString());
  const secrets = secretsOfUrl(url, apiKey);
  const query = Object.fromEntries(url.searchParams);
  const hasUserInfo = url.username !== "" || url.password !== "";
  const authorization = hasUserInfo
    ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString("base64")}`
    : undefined;
  url.username = "";
  url.password = "";
  url.search = "";
  url.hash = "";
  return {
    url: url.toString().replace(/\/+$/, ""),
    query,
    ...(authorization ? { authorization } : {}),
    secrets,
  };
}
