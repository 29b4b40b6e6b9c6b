import { describe, expect, it } from "vitest";
import { classifyAddress } from "./address-rules.js";
import { parseIpAddress } from "./ip-address.js";

describe("parseIpAddress", () => {
  it("parses IPv4, IPv6 with :: and embedded IPv4, brackets and zones", () => {
    expect([...(parseIpAddress("10.1.2.3") ?? [])]).toEqual([10, 1, 2, 3]);
    expect([...(parseIpAddress("[::1]") ?? [])]).toEqual([...new Array(15).fill(0), 1]);
    expect([...(parseIpAddress("::ffff:169.254.169.254") ?? [])]).toEqual([
      ...new Array(10).fill(0),
      255,
      255,
      169,
      254,
      169,
      254,
    ]);
    expect([...(parseIpAddress("2001:db8::8:800:200c:417a") ?? [])]).toEqual([
      0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 8, 8, 0, 0x20, 0x0c, 0x41, 0x7a,
    ]);
    expect([...(parseIpAddress("fe80::1%eth0") ?? [])].slice(0, 2)).toEqual([0xfe, 0x80]);
    expect([...(parseIpAddress("1:2:3:4:5:6:7.8.9.10") ?? [])]).toEqual([
      0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 7, 8, 9, 10,
    ]);
  });

  it("returns undefined for host names and junk", () => {
    expect(parseIpAddress("example.com")).toBeUndefined();
    expect(parseIpAddress("256.1.1.1")).toBeUndefined();
    expect(parseIpAddress("")).toBeUndefined();
  });
});

describe("classifyAddress", () => {
  it.each([
    ["127.0.0.1", "private", "loopback"],
    ["127.255.0.9", "private", "loopback"],
    ["::1", "private", "loopback"],
    ["10.0.0.1", "private", "private network"],
    ["172.16.0.1", "private", "private network"],
    ["172.31.255.255", "private", "private network"],
    ["192.168.1.1", "private", "private network"],
    ["100.64.0.1", "private", "CGNAT"],
    ["100.127.255.255", "private", "CGNAT"],
    ["fc00::1", "private", "unique local"],
    ["fd00:ec2::254", "private", "unique local"],
    ["169.254.169.254", "forbidden", "cloud metadata"],
    ["169.254.0.1", "forbidden", "link-local"],
    ["fe80::1", "forbidden", "link-local"],
    ["0.0.0.0", "forbidden", "unspecified"],
    ["::", "forbidden", "unspecified"],
    ["224.0.0.1", "forbidden", "multicast"],
    ["ff02::1", "forbidden", "multicast"],
    ["255.255.255.255", "forbidden", "broadcast"],
    ["::ffff:127.0.0.1", "private", "IPv4-mapped loopback"],
    ["::ffff:7f00:1", "private", "IPv4-mapped loopback"],
    ["::ffff:169.254.169.254", "forbidden", "IPv4-mapped link-local"],
    ["::ffff:10.0.0.1", "private", "IPv4-mapped private network"],
    ["64:ff9b::a9fe:a9fe", "forbidden", "NAT64 link-local"],
    ["2002:a9fe:a9fe::1", "forbidden", "6to4 link-local"],
    ["::127.0.0.1", "forbidden", "IPv4-compatible"],
    ["2001::1", "forbidden", "Teredo"],
    ["not-an-address", "forbidden", "not an IP address"],
  ])("%s is %s (%s)", (address, addressClass, label) => {
    const verdict = classifyAddress(address);
    expect(verdict.addressClass).toBe(addressClass);
    expect(verdict.label).toContain(label);
  });

  it.each([
    "93.184.216.34",
    "8.8.8.8",
    "172.32.0.1",
    "100.128.0.1",
    "169.255.0.1",
    "2606:4700::6810:85e5",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
  ])("%s is public", (address) => {
    expect(classifyAddress(address).addressClass).toBe("public");
  });
});
