import { ToolError } from "../../core/errors/index.js";
import type { HostAllowlist } from "../../core/host-allowlist.js";
import { isLocalhostName } from "../../core/host-name.js";
import { classifyAddress } from "./address-rules.js";
import type { HostLookup, ResolvedAddress } from "./host-lookup.js";
import { parseIpAddress } from "./ip-address.js";
import type { RequestTarget } from "./request-target.js";

/** The rules every hop of a request is checked against. */
export interface DestinationPolicy {
  /** Absent: any host (public addresses only). */
  allowlist: HostAllowlist | undefined;
  /** Private addresses are reachable only when set, and it is only allowed together with an allowlist. */
  allowPrivateAddresses: boolean;
  lookup: HostLookup;
}

function refuseAddress(options: { target: RequestTarget; address: string; label: string }): ToolError {
  const { target, address, label } = options;
  const via = address === target.hostname ? "" : ` (${target.hostname} resolves to ${address})`;
  return new ToolError(
    "address_refused",
    `Refused to connect to ${target.url.origin}${via}: ${label} addresses are not reachable from ` +
      `http_request. Only public internet hosts can be reached.`,
  );
}

function check(options: { target: RequestTarget; address: string; policy: DestinationPolicy }): void {
  const verdict = classifyAddress(options.address);
  const refused =
    verdict.addressClass === "forbidden" ||
    (verdict.addressClass === "private" && !options.policy.allowPrivateAddresses);
  if (refused) throw refuseAddress({ ...options, label: verdict.label });
}

async function resolve(target: RequestTarget, lookup: HostLookup): Promise<readonly ResolvedAddress[]> {
  let addresses: readonly ResolvedAddress[];
  try {
    addresses = await lookup(target.hostname);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ToolError("failed", `Could not resolve ${target.hostname}: ${detail}`, { cause: error });
  }
  if (addresses.length === 0) throw new ToolError("failed", `${target.hostname} has no addresses in DNS.`);
  return addresses;
}

/**
 * Decides whether one hop may go out, and to which addresses: the host must be on the allowlist (when
 * there is one), and the literal address, or every address DNS returns for the name, must pass the
 * address rules. The connection is then made to these vetted addresses only, so DNS cannot answer
 * differently between the check and the connect (rebinding).
 *
 * @example
 * ```ts
 * const addresses = await vetDestination(parseRequestTarget({ url, source: "input" }), policy);
 * ```
 */
export async function vetDestination(
  target: RequestTarget,
  policy: DestinationPolicy,
): Promise<readonly ResolvedAddress[]> {
  if (policy.allowlist && !policy.allowlist.allows(target.hostname)) {
    throw new ToolError(
      "host_not_allowed",
      `${target.hostname} is not on the list of hosts http_request may reach: ` +
        `${policy.allowlist.patterns.join(", ")}.`,
    );
  }
  const literal = parseIpAddress(target.hostname);
  if (literal) {
    check({ target, address: target.hostname, policy });
    return [{ address: target.hostname, family: literal.length === 4 ? 4 : 6 }];
  }
  if (isLocalhostName(target.hostname) && !policy.allowPrivateAddresses) {
    throw refuseAddress({ target, address: target.hostname, label: "loopback (localhost)" });
  }
  const addresses = await resolve(target, policy.lookup);
  for (const { address } of addresses) check({ target, address, policy });
  return addresses;
}
