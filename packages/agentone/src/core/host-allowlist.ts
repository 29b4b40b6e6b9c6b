import { ConfigError } from "./errors/index.js";
import { canonicalHost } from "./host-name.js";

// In core/ because two layers match hosts: the HTTP tool (tools/) and the approval rules (policy/).

/** Which hosts the HTTP tool may reach. */
export interface HostAllowlist {
  /** The patterns as configured, for messages. */
  readonly patterns: readonly string[];
  /** Whether a canonical host name (see `canonicalHost`) is on the list. */
  allows(hostname: string): boolean;
}

type Pattern = { kind: "exact"; host: string } | { kind: "subdomains"; suffix: string };

function parsePattern(pattern: string): Pattern {
  const refuse = (why: string) =>
    new ConfigError(
      `allowedHosts entry ${JSON.stringify(pattern)} ${why}; use a host name ("api.example.com"), ` +
        `a wildcard for its subdomains ("*.example.com") or an IP address`,
      { key: "allowedHosts" },
    );
  const wildcard = pattern.startsWith("*.");
  const rest = wildcard ? pattern.slice(2) : pattern;
  if (rest.includes("*")) throw refuse("has a '*' that is not a leading '*.'");
  const host = canonicalHost(rest);
  if (host === undefined) throw refuse("is not a valid host (no scheme, port or path)");
  return wildcard ? { kind: "subdomains", suffix: `.${host}` } : { kind: "exact", host };
}

/**
 * Parses allowlist patterns: exact host names or IP addresses, and `*.example.com`, which matches every
 * subdomain of example.com at any depth but not example.com itself (list both to allow both). Throws
 * ConfigError (key `allowedHosts`) on a malformed pattern.
 *
 * @example
 * ```ts
 * const allowlist = createHostAllowlist(["api.example.com", "*.example.org"]);
 * allowlist.allows("eu.api.example.org"); // true
 * allowlist.allows("example.org"); // false
 * ```
 */
export function createHostAllowlist(patterns: readonly string[]): HostAllowlist {
  const parsed = patterns.map(parsePattern);
  return {
    patterns: [...patterns],
    allows(hostname) {
      return parsed.some((pattern) =>
        pattern.kind === "exact" ? hostname === pattern.host : hostname.endsWith(pattern.suffix),
      );
    },
  };
}
