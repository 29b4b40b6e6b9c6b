import { parseIpAddress } from "./ip-address.js";

/**
 * `public`: reachable. `private`: the operator's own networks (loopback, RFC 1918, unique local, CGNAT),
 * reachable only when `allowPrivateAddresses` is set. `forbidden`: never reachable, whatever the options
 * say; no agent has a legitimate reason to reach link-local addresses (the cloud metadata service lives at
 * 169.254.169.254), the unspecified address, multicast or reserved ranges.
 */
export type AddressClass = "public" | "private" | "forbidden";

export interface AddressVerdict {
  addressClass: AddressClass;
  /** Why, for the model: e.g. "link-local (includes the cloud metadata service)". */
  label: string;
}

interface Range {
  prefix: number[];
  bits: number;
  addressClass: Exclude<AddressClass, "public">;
  label: string;
}

const linkLocalLabel = "link-local (includes the cloud metadata service 169.254.169.254)";

const ipv4Ranges: Range[] = [
  { prefix: [0], bits: 8, addressClass: "forbidden", label: "unspecified ('this network')" },
  { prefix: [10], bits: 8, addressClass: "private", label: "private network" },
  { prefix: [100, 64], bits: 10, addressClass: "private", label: "shared address space (CGNAT)" },
  { prefix: [127], bits: 8, addressClass: "private", label: "loopback" },
  { prefix: [169, 254], bits: 16, addressClass: "forbidden", label: linkLocalLabel },
  { prefix: [172, 16], bits: 12, addressClass: "private", label: "private network" },
  { prefix: [192, 0, 0], bits: 24, addressClass: "forbidden", label: "IETF protocol assignments" },
  { prefix: [192, 0, 2], bits: 24, addressClass: "forbidden", label: "documentation" },
  { prefix: [192, 88, 99], bits: 24, addressClass: "forbidden", label: "6to4 relay anycast" },
  { prefix: [192, 168], bits: 16, addressClass: "private", label: "private network" },
  { prefix: [198, 18], bits: 15, addressClass: "private", label: "benchmarking network" },
  { prefix: [198, 51, 100], bits: 24, addressClass: "forbidden", label: "documentation" },
  { prefix: [203, 0, 113], bits: 24, addressClass: "forbidden", label: "documentation" },
  { prefix: [224], bits: 4, addressClass: "forbidden", label: "multicast" },
  { prefix: [240], bits: 4, addressClass: "forbidden", label: "reserved (includes broadcast)" },
];

const ipv6Ranges: Range[] = [
  { prefix: [], bits: 128, addressClass: "forbidden", label: "unspecified" },
  { prefix: [...new Array<number>(15).fill(0), 1], bits: 128, addressClass: "private", label: "loopback" },
  { prefix: [], bits: 96, addressClass: "forbidden", label: "IPv4-compatible (deprecated)" },
  { prefix: [0, 0x64, 0xff, 0x9b, 0, 1], bits: 48, addressClass: "private", label: "local NAT64" },
  { prefix: [1], bits: 64, addressClass: "forbidden", label: "discard-only" },
  { prefix: [0x20, 0x01, 0x0d, 0xb8], bits: 32, addressClass: "forbidden", label: "documentation" },
  // Teredo hides its IPv4 endpoint (obfuscated), so it cannot be vetted.
  { prefix: [0x20, 0x01, 0, 0], bits: 32, addressClass: "forbidden", label: "Teredo tunnel" },
  { prefix: [0xfc], bits: 7, addressClass: "private", label: "unique local (private network)" },
  { prefix: [0xfe, 0x80], bits: 10, addressClass: "forbidden", label: "link-local" },
  { prefix: [0xfe, 0xc0], bits: 10, addressClass: "forbidden", label: "site-local (deprecated)" },
  { prefix: [0xff], bits: 8, addressClass: "forbidden", label: "multicast" },
];

/** IPv6 forms that carry an IPv4 address, which decides: [prefix, prefix bits, offset of the IPv4 bytes]. */
const ipv4Carriers: { prefix: number[]; bits: number; offset: number; label: string }[] = [
  { prefix: [...new Array<number>(10).fill(0), 0xff, 0xff], bits: 96, offset: 12, label: "IPv4-mapped" },
  { prefix: [0, 0x64, 0xff, 0x9b], bits: 96, offset: 12, label: "NAT64" },
  { prefix: [0x20, 0x02], bits: 16, offset: 2, label: "6to4" },
];

function matches(bytes: Uint8Array, range: { prefix: number[]; bits: number }): boolean {
  for (let bit = 0; bit < range.bits; bit += 8) {
    const index = bit / 8;
    const width = Math.min(8, range.bits - bit);
    const mask = (0xff << (8 - width)) & 0xff;
    if (((bytes[index] ?? 0) & mask) !== ((range.prefix[index] ?? 0) & mask)) return false;
  }
  return true;
}

function classifyBytes(bytes: Uint8Array): AddressVerdict {
  if (bytes.length === 16) {
    for (const carrier of ipv4Carriers) {
      if (!matches(bytes, carrier)) continue;
      const inner = classifyBytes(bytes.subarray(carrier.offset, carrier.offset + 4));
      if (inner.addressClass === "public") return inner;
      return { addressClass: inner.addressClass, label: `${carrier.label} ${inner.label}` };
    }
  }
  const range = (bytes.length === 4 ? ipv4Ranges : ipv6Ranges).find((candidate) => matches(bytes, candidate));
  return range
    ? { addressClass: range.addressClass, label: range.label }
    : { addressClass: "public", label: "public" };
}

/**
 * Classifies an IP address literal for the SSRF defence, looking through IPv4-mapped, NAT64 and 6to4
 * IPv6 forms to the IPv4 address inside. Text that is not an IP address is `forbidden`.
 *
 * @example
 * ```ts
 * classifyAddress("169.254.169.254"); // { addressClass: "forbidden", label: "link-local (...)" }
 * classifyAddress("::ffff:10.0.0.1"); // { addressClass: "private", label: "IPv4-mapped private network" }
 * ```
 */
export function classifyAddress(address: string): AddressVerdict {
  const bytes = parseIpAddress(address);
  if (!bytes) return { addressClass: "forbidden", label: "not an IP address" };
  return classifyBytes(bytes);
}
