import { describe, expect, it } from "vitest";
import { toolCacheKey } from "./tool-cache-key.js";

describe("toolCacheKey", () => {
  const base = {
    tool: "read_file",
    arguments: { path: "a.txt", range: { from: 1, to: 9 } },
    readVersion: "v1",
  };

  it("ignores the key order of the arguments", () => {
    const reordered = { ...base, arguments: { range: { to: 9, from: 1 }, path: "a.txt" } };
    expect(toolCacheKey(reordered)).toBe(toolCacheKey(base));
    expect(toolCacheKey(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("changes with the tool, any argument, or what the tool read", () => {
    const keys = [
      base,
      { ...base, tool: "search" },
      { ...base, arguments: { ...base.arguments, path: "b.txt" } },
      { ...base, arguments: { path: "a.txt" } },
      { ...base, readVersion: "v2" },
    ].map(toolCacheKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
