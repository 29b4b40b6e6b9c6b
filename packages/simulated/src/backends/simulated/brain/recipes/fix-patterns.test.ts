import { describe, expect, it } from "vitest";
import { readLogFailure } from "../read-log.js";
import {
  fixLoopBound,
  listDifference,
  resolveImport,
  testBody,
  testedFunctions,
  weakenTest,
} from "./fix-patterns.js";

const testSource = [
  'import assert from "node:assert/strict";',
  'import { test } from "node:test";',
  'import { range, other } from "../lib/range.js";',
  "",
  'test("range includes both ends", () => {',
  '  assert.deepEqual(range(1, 3), ["1", "2", "3"]);',
  "});",
].join("\n");

const source = [
  "export function other(a, b) {",
  "  return a < b;",
  "}",
  "",
  "export function range(first, last) {",
  "  const values = [];",
  "  for (let value = first; value < last; value += 1) {",
  "    values.push(String(value));",
  "  }",
  "  return values;",
  "}",
].join("\n");

// The shape of node --test's TAP output for a deepEqual failure.
const output = [
  "not ok 1 - range includes both ends",
  "  ---",
  "  location: '/tmp/x/test/range.test.js:5:1'",
  "  error: |-",
  "    Expected values to be strictly deep-equal:",
  "  expected:",
  "    0: '1'",
  "    1: '2'",
  "    2: '3'",
  "  actual:",
  "    0: '1'",
  "    1: '2'",
  "  ...",
];

describe("fix patterns", () => {
  const failure = readLogFailure(output);

  it("reads the expected and actual lists and sees the last element missing", () => {
    expect(failure.testName).toBe("range includes both ends");
    expect(listDifference(failure)).toBe("missing-last");
    expect(listDifference({ ...failure, expected: failure.actual, actual: failure.expected })).toBe(
      "extra-last",
    );
  });

  it("finds the function the failing test calls and where it comes from", () => {
    const body = testBody(testSource, "range includes both ends") ?? "";
    expect(testedFunctions(testSource, body)).toEqual([{ name: "range", from: "../lib/range.js" }]);
    expect(resolveImport("test/range.test.js", "../lib/range.js")).toBe("lib/range.js");
  });

  it("makes the loop bound inclusive in that function only", () => {
    const fixed = fixLoopBound({ source, functionName: "range", difference: "missing-last" });
    expect(fixed).toContain("value <= last;");
    expect(fixed).toContain("return a < b;");
    expect(fixLoopBound({ source, functionName: "other", difference: "missing-last" })).toBeNull();
  });

  it("can also weaken the test instead, which is the mistake the grader catches", () => {
    expect(weakenTest(testSource, failure)).toContain('["1", "2"]);');
  });
});
