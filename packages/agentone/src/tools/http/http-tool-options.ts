import { ConfigError } from "../../core/errors/index.js";
import { createHostAllowlist } from "../../core/host-allowlist.js";
import { type HostLookup, systemHostLookup } from "./host-lookup.js";
import type { DestinationPolicy } from "./vet-destination.js";

/** How the `http_request` tool is configured by the operator (never by the model). */
export interface HttpToolOptions {
  /**
   * Exact host names or IP addresses, and `*.example.com` wildcards (subdomains only). When given, only
   * these hosts are reachable, on any port.
   */
  allowedHosts?: readonly string[];
  /**
   * Lets allowlisted hosts reach private addresses: loopback, RFC 1918, unique local IPv6, CGNAT and
   * `localhost`. Requires `allowedHosts`, so private services are reachable only by name from that list.
   * Link-local (the cloud metadata service), unspecified, multicast and reserved addresses stay refused.
   * Default false.
   */
  allowPrivateAddresses?: boolean;
  /** Body bytes read before the rest is cut. Default 1 MiB. */
  maxResponseBytes?: number;
  /** The whole call, redirects included. Default 30,000 ms. */
  timeoutMs?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** DNS resolver; default: the system resolver, asked for all addresses. */
  lookup?: HostLookup;
}

export interface ResolvedHttpToolOptions {
  policy: DestinationPolicy;
  maxResponseBytes: number;
  timeoutMs: number;
  maxRedirects: number;
}

function count(options: {
  key: string;
  value: number | undefined;
  fallback: number;
  minimum: number;
}): number {
  const { key, value, fallback, minimum } = options;
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw new ConfigError(`http tool option ${key} must be an integer of at least ${minimum}, not ${value}`, {
      key,
    });
  }
  return value;
}

/**
 * Validates the options and fills in defaults. Throws ConfigError naming the offending key.
 *
 * @example
 * ```ts
 * resolveHttpToolOptions({ allowedHosts: ["api.example.com"] }).timeoutMs; // 30000
 * ```
 */
export function resolveHttpToolOptions(options: HttpToolOptions): ResolvedHttpToolOptions {
  const allowPrivateAddresses = options.allowPrivateAddresses ?? false;
  if (allowPrivateAddresses && (options.allowedHosts === undefined || options.allowedHosts.length === 0)) {
    throw new ConfigError(
      "allowPrivateAddresses needs allowedHosts: private services may be reached only through hosts named there",
      { key: "allowPrivateAddresses" },
    );
  }
  return {
    policy: {
      allowlist: options.allowedHosts === undefined ? undefined : createHostAllowlist(options.allowedHosts),
      allowPrivateAddresses,
      lookup: options.lookup ?? systemHostLookup,
    },
    maxResponseBytes: count({
      key: "maxResponseBytes",
      value: options.maxResponseBytes,
      fallback: 1024 * 1024,
      minimum: 1,
    }),
    timeoutMs: count({ key: "timeoutMs", value: options.timeoutMs, fallback: 30_000, minimum: 1 }),
    maxRedirects: count({ key: "maxRedirects", value: options.maxRedirects, fallback: 5, minimum: 0 }),
  };
}
