import { isIPv6 } from "node:net";

/**
 * The canonical form of a host name or IP literal, as the URL parser writes it: lower case, punycode,
 * IPv4 in dotted decimal, IPv6 compressed and without brackets, no trailing dot. Undefined when the text
 * is not a valid host.
 *
 * @example
 * ```ts
 * canonicalHost("API.Example.COM."); // "api.example.com"
 * canonicalHost("[0:0::1]"); // "::1"
 * ```
 */
export function canonicalHost(text: string): string | undefined {
  const bracketed = isIPv6(text) ? `[${text}]` : text;
  if (bracketed === "" || /[/?#@\\\s]/.test(bracketed)) return undefined;
  let hostname: string;
  try {
    const url = new URL(`http://${bracketed}`);
    if (url.port !== "") return undefined;
    hostname = url.hostname;
  } catch {
    return undefined;
  }
  return hostnameOfUrl(hostname);
}

/**
 * A URL's `hostname` without IPv6 brackets or a trailing dot, the form checked against the rules.
 *
 * @example
 * ```ts
 * hostnameOfUrl(new URL("http://[::1]:8080/").hostname); // "::1"
 * ```
 */
export function hostnameOfUrl(hostname: string): string {
  const bare = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  return bare.endsWith(".") ? bare.slice(0, -1) : bare;
}

/**
 * Whether a host name means this machine whatever DNS says (RFC 6761 reserves `localhost` and its subdomains).
 *
 * @example
 * ```ts
 * isLocalhostName("api.localhost"); // true
 * ```
 */
export function isLocalhostName(hostname: string): boolean {
  return hostname === "localhost" || hostname.endsWith(".localhost");
}
