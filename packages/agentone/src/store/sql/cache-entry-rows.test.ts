import { describe, expect, it } from "vitest";
import { stableJson } from "../../core/stable-json.js";
import { jsonbRefuses } from "./cache-entry-rows.js";

describe("jsonbRefuses", () => {
  it("finds a NUL character and a lone surrogate, which a jsonb column refuses", () => {
    expect(jsonbRefuses(stableJson({ text: "a\u0000b" }))).toBe(true);
    expect(jsonbRefuses(stableJson(["\ud800"]))).toBe(true);
    expect(jsonbRefuses(stableJson("\udfff at the end"))).toBe(true);
  });

  it("lets through a surrogate pair and text that only spells an escape", () => {
    expect(jsonbRefuses(stableJson({ text: "😀" }))).toBe(false);
    expect(jsonbRefuses(stableJson("a literal \\u0000 and \\ud800"))).toBe(false);
    expect(jsonbRefuses(stableJson("a backslash, then NUL: \\\u0000"))).toBe(true);
  });
});
