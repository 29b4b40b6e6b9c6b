import { describe, expect, it } from "vitest";
import { apiDiff } from "./api-diff.js";
import { breakingNotes } from "./breaking-notes.js";

const version1 = [
  "export function parse(text) {",
  "  if (!/^\\d+$/.test(text)) return null;",
  "  return Number(text);",
  "}",
  "",
  "export function show(value, compact = false) {",
  '  return String(value).split("").join(compact ? "" : " ");',
  "}",
  "",
  "export function sum(list) {",
  "  return list.reduce((total, value) => total + value, 0);",
  "}",
  "",
  "export function old() {",
  "  return 1;",
  "}",
].join("\n");

const version2 = [
  "export function parse(text) {",
  '  if (!/^\\d+$/.test(text)) throw new RangeError("not a number");',
  "  return Number(text);",
  "}",
  "",
  "export function show(value, options = {}) {",
  '  const style = options.style ?? "long";',
  '  return String(value).split("").join(style === "short" ? "" : " ");',
  "}",
  "",
  "export function total(list) {",
  "  return list.reduce((total, value) => total + value, 0);",
  "}",
].join("\n");

describe("apiDiff", () => {
  it("finds a function that throws instead of returning null, a boolean turned options, a rename and a removal", () => {
    expect(apiDiff(version1, version2)).toEqual([
      { kind: "throws", functionName: "parse", errorName: "RangeError" },
      { kind: "options", functionName: "show", index: 1, key: "style", whenTrue: "short", whenFalse: "long" },
      { kind: "rename", from: "sum", to: "total" },
      { kind: "removed", functionName: "old" },
    ]);
  });

  it("finds nothing between identical sources", () => {
    expect(apiDiff(version1, version1)).toEqual([]);
  });

  it("writes one numbered line per change", () => {
    const notes = breakingNotes({ from: "v1", to: "v2", changes: apiDiff(version1, version2) });
    expect(notes.split("\n").filter((line) => /^\d+\. /.test(line))).toHaveLength(4);
    expect(notes).toContain("`parse` now throws a `RangeError`");
    expect(notes).toContain("`sum` was renamed `total`");
  });
});
