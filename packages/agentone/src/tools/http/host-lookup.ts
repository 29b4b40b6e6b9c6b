import { lookup } from "node:dns/promises";

/** One address a host name resolves to; `family` is 4 or 6. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to every address DNS gives for it. Injected so tests can control DNS. */
export type HostLookup = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/**
 * The system resolver (getaddrinfo, so /etc/hosts counts too), asked for all addresses.
 *
 * @example
 * ```ts
 * await systemHostLookup("localhost"); // [{ address: "::1", family: 6 }, { address: "127.0.0.1", family: 4 }]
 * ```
 */
export const systemHostLookup: HostLookup = (hostname) => lookup(hostname, { all: true });
