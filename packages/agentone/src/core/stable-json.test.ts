import { describe, expect, it } from "vitest";
import { sha256Hex, stableJson } from "./stable-json.js";

describe("stableJson", () => {
  it("sorts object keys at every depth and keeps array order", () => {
    const left = { b: 1, a: { d: [3, { z: true, y: null }], c: "x" } };
    const right = { a: { c: "x", d: [3, { y: null, z: true }] }, b: 1 };
    expect(stableJson(left)).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
    expect(stableJson(right)).toBe(stableJson(left));
    expect(stableJson([2, 1])).not.toBe(stableJson([1, 2]));
  });

  it("orders keys by code units, integer-like keys included", () => {
    expect(stableJson({ b: 1, 10: 2, 9: 3, A: 4 })).toBe('{"10":2,"9":3,"A":4,"b":1}');
  });

  it("writes strings and numbers as JSON.stringify does, escaping lone surrogates", () => {
    expect(stableJson({ text: 'a"\n\u0000', lone: "\ud800", number: 1e21, negative: -0.5 })).toBe(
      '{"lone":"\\ud800","negative":-0.5,"number":1e+21,"text":"a\\"\\n\\u0000"}',
    );
  });

  it("leaves out undefined members and applies toJSON", () => {
    const at = new Date("2026-01-01T00:00:00.000Z");
    expect(stableJson({ gone: undefined, at })).toBe('{"at":"2026-01-01T00:00:00.000Z"}');
    const shared = { x: 1 };
    expect(stableJson([shared, shared])).toBe('[{"x":1},{"x":1}]');
  });

  it("refuses values JSON would change or drop, naming where they are", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const refusals: [unknown, RegExp][] = [
      [{ list: [1, undefined] }, /undefined at \$\.list\[1\]/],
      [undefined, /undefined at \$/],
      [{ map: new Map() }, /an instance of Map at \$\.map/],
      [{ set: new Set([1]) }, /an instance of Set/],
      [{ count: 10n }, /bigint at \$\.count/],
      [{ ratio: Number.NaN }, /NaN at \$\.ratio/],
      [{ ratio: Number.POSITIVE_INFINITY }, /Infinity/],
      [{ call: () => 1 }, /function at \$\.call/],
      [{ id: Symbol("s") }, /symbol/],
      [cyclic, /a cycle\) at \$\.self/],
    ];
    for (const [value, message] of refusals) {
      expect(() => stableJson(value)).toThrow(
        expect.objectContaining({ code: "USAGE_ERROR", message: expect.stringMatching(message) }),
      );
    }
  });

  it("refuses a Set or a Map even when a library has given every Set a toJSON", () => {
    const patched = Set.prototype as { toJSON?: () => unknown };
    const before = patched.toJSON;
    patched.toJSON = function (this: Set<unknown>) {
      return [...this];
    };
    try {
      expect(() => stableJson({ set: new Set([1]) })).toThrow(/an instance of Set at \$\.set/);
    } finally {
      if (before === undefined) delete patched.toJSON;
      else patched.toJSON = before;
    }
  });

  it("accepts objects without a prototype", () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { b: 2, a: 1 });
    expect(stableJson(bare)).toBe('{"a":1,"b":2}');
  });
});

describe("sha256Hex", () => {
  it("hashes text as UTF-8 and bytes as given", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex(new TextEncoder().encode("abc"))).toBe(sha256Hex("abc"));
    expect(sha256Hex("é")).toBe(sha256Hex(Buffer.from([0xc3, 0xa9])));
  });
});
