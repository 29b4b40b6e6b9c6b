import { fileReferences } from "./evidence.js";

/** One frame of a stack trace that points into the repository. */
export interface StackFrame {
  functionName: string | null;
  path: string;
  line: number;
}

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
  /** The error's message, e.g. `Cannot read properties of undefined (reading 'decimals')`. */
  errorMessage: string | null;
  /** Stack frames in repository files, innermost first (runtime internals left out). */
  frames: StackFrame[];
  /** The test runner's `expected:` and `actual:` blocks, key by key, when it printed them. */
  expected: Map<string, string>;
  actual: Map<string, string>;
  /** The same test passed when it was run again later in the log. */
  passedOnRerun: boolean;
}

const timestamp = /^\d{4}-\d\d-\d\dT[\d:.]+Z\s?/;
const failingTest = [
  /not ok \d+ - (.+)$/,
  /✖ (?!\d+ problems?\b)(.+?)(?: \([\d.]+m?s\))?$/,
  /\bFAIL\b:? (.+)$/,
];

function valueBlock(lines: readonly string[], name: "expected" | "actual"): Map<string, string> {
  const values = new Map<string, string>();
  const start = lines.findIndex((line) => new RegExp(`^\\s*${name}:\\s*$`).test(line));
  if (start < 0) return values;
  const indent = (lines[start] ?? "").search(/\S/);
  for (const line of lines.slice(start + 1)) {
    if (line.search(/\S/) <= indent) break;
    const match = /^\s*([\w.-]+):\s*(.*)$/.exec(line);
    if (match) values.set(match[1] ?? "", (match[2] ?? "").trim());
  }
  return values;
}

function stackFrames(lines: readonly string[]): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of lines) {
    const match =
      /^\s*(?:at\s+)?(?:([\w.$<>[\] ]+?) \()?((?:file:\/\/)?\/[^\s():]+\.\w+):(\d+):\d+\)?\s*$/.exec(line);
    if (!match) continue;
    const reference = fileReferences(`${match[2] ?? ""}:${match[3] ?? ""}`)[0];
    if (!reference || reference.line === null || /^node:|node_modules\//.test(reference.path)) continue;
    const name = match[1]?.trim() ?? null;
    frames.push({
      functionName: name && !name.includes("<anonymous>") ? name : null,
      path: reference.path,
      line: reference.line,
    });
  }
  return frames;
}

function errorMessageOf(block: readonly string[]): string | null {
  for (const line of block) {
    const yaml = /^\s*error:\s*(['"])(.*)\1\s*$/.exec(line);
    if (yaml) return yaml[2] ?? null;
    const thrown = /^\s*(?:#\s*)?((?:\w*Error|Error)(?: \[\w+\])?: .+)$/.exec(line);
    if (thrown) return thrown[1] ?? null;
  }
  return null;
}

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
  const end = after.findIndex((line, index) => index > 0 && /^\s*\.\.\.\s*$/.test(line));
  const block = end > 0 ? after.slice(0, end) : after;
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
  const passed = testName === null ? null : new RegExp(`^ok \\d+ - ${escapeRegExp(testName)}$`);
  const rerun = passed
    ? lines.findIndex((line, index) => index > failureIndex && passed.test(line.trim()))
    : -1;
  return {
    testName,
    mismatchedFields,
    location: location && location.line !== null ? { path: location.path, line: location.line } : null,
    assertion,
    recentChange: lines.some((line) => /merge pull request|\bregress/i.test(line)),
    errorMessage: errorMessageOf(block),
    frames: stackFrames(block),
    expected: valueBlock(block, "expected"),
    actual: valueBlock(block, "actual"),
    passedOnRerun: rerun >= 0,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
