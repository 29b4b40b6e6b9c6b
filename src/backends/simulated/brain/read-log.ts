import { fileReferences } from "./evidence.js";

/** What a reader takes from a CI or test log. */
export interface LogFailure {
  testName: string | null;
  location: { path: string; line: number } | null;
  /** Diff-style assertion lines (`+ actual` / `- expected` values). */
  assertion: string[];
  /** Fields whose actual and expected values differ, first difference first (e.g. `tax`). */
  mismatchedFields: string[];
  /** The log shows a recent merge or says "regression". */
  recentChange: boolean;
}

const timestamp = /^\d{4}-\d\d-\d\dT[\d:.]+Z\s?/;
const failingTest = [
  /not ok \d+ - (.+)$/,
  /✖ (?!\d+ problems?\b)(.+?)(?: \([\d.]+m?s\))?$/,
  /\bFAIL\b:? (.+)$/,
];

/** Reads the first failure out of log lines (with or without `N: ` line-number prefixes). */
export function readLogFailure(rawLines: readonly string[]): LogFailure {
  const lines = rawLines.map((line) => line.replace(/^\d+: /, "").replace(timestamp, ""));
  let failureIndex = -1;
  let testName: string | null = null;
  for (const pattern of failingTest) {
    failureIndex = lines.findIndex((line) => pattern.test(line));
    if (failureIndex >= 0) {
      testName = pattern.exec(lines[failureIndex] ?? "")?.[1]?.trim() ?? null;
      break;
    }
  }
  const after = failureIndex >= 0 ? lines.slice(failureIndex, failureIndex + 40) : [];
  const assertion = after
    .filter((line) => /^\s*[+-]\s+\w[\w .]*:\s*\S/.test(line))
    .map((line) => line.trim())
    .slice(0, 6);
  const location =
    fileReferences(after.join("\n")).find(
      (reference) => reference.line !== null && !reference.path.startsWith("node:"),
    ) ?? null;
  const values = (sign: string) =>
    new Map(
      assertion
        .filter((line) => line.startsWith(sign))
        .map((line) => {
          const [, key = "", value = ""] = /^[+-]\s+([\w.]+):\s*(.*?),?$/.exec(line) ?? [];
          return [key, value] as const;
        }),
    );
  const actual = values("+");
  const expected = values("-");
  const mismatchedFields = [...actual.keys()].filter(
    (key) => key && expected.has(key) && expected.get(key) !== actual.get(key),
  );
  return {
    testName,
    mismatchedFields,
    location: location && location.line !== null ? { path: location.path, line: location.line } : null,
    assertion,
    recentChange: lines.some((line) => /merge pull request|\bregress/i.test(line)),
  };
}
