import { isIPv4, isIPv6 } from "node:net";

function ipv4Bytes(text: string): number[] {
  return text.split(".").map(Number);
}

function ipv6Bytes(text: string): number[] {
  // A zone ("fe80::1%eth0") names an interface, not part of the address.
  let rest = text.split("%")[0] ?? "";
  let embeddedIpv4: number[] = [];
  const lastColon = rest.lastIndexOf(":");
  const tail = rest.slice(lastColon + 1);
  if (tail.includes(".")) {
    embeddedIpv4 = ipv4Bytes(tail);
    rest = rest.slice(0, lastColon + 1);
    // "::1.2.3.4" leaves "::", which splits fine; "a::b:1.2.3.4" leaves a trailing ":" to drop.
    if (rest.endsWith(":") && !rest.endsWith("::")) rest = rest.slice(0, -1);
  }
  const groupsWanted = 8 - embeddedIpv4.length / 2;
  const toGroups = (part: string) =>
    part === "" ? [] : part.split(":").map((group) => Number.parseInt(group, 16));
  let groups: number[];
  const gap = rest.indexOf("::");
  if (gap === -1) groups = toGroups(rest);
  else {
    const head = toGroups(rest.slice(0, gap));
    const tailGroups = toGroups(rest.slice(gap + 2));
    groups = [
      ...head,
      ...new Array<number>(groupsWanted - head.length - tailGroups.length).fill(0),
      ...tailGroups,
    ];
  }
  return [...groups.flatMap((group) => [group >> 8, group & 0xff]), ...embeddedIpv4];
}

/**
 * The bytes of an IP address literal: 4 for IPv4, 16 for IPv6 (brackets and zone ids allowed), or
 * undefined when the text is not an IP address.
 *
 * @example
 * ```ts
 * parseIpAddress("::ffff:127.0.0.1"); // Uint8Array [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 127, 0, 0, 1]
 * parseIpAddress("example.com"); // undefined
 * ```
 */
export function parseIpAddress(text: string): Uint8Array | undefined {
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  if (isIPv4(bare)) return Uint8Array.from(ipv4Bytes(bare));
  if (isIPv6(bare)) return Uint8Array.from(ipv6Bytes(bare));
  return undefined;
}
