import type { FixtureFiles } from "../fixture-tree.js";

const packageJson = `${JSON.stringify(
  { name: "timesheet", version: "0.9.0", private: true, type: "module", scripts: { test: "node --test" } },
  null,
  2,
)}\n`;

const readme = `# timesheet

Reads plain-text timesheets ("date | task | duration" per line) and prints daily totals.

It uses the durations library. We have just switched the imports from \`../../lib-v1\` (1.3.2) to
\`../../lib-v2\` (2.0.0), and the tests (\`node --test\` in this folder) no longer pass.
`;

export const timesheetSource = `import { formatDuration, parseDuration, sumDurations } from "../../lib-v2/index.js";

// "2024-05-02 | write docs | 1h30m" -> { date, task, ms }, or null for a malformed line.
export function parseEntry(line) {
  const [date, task, duration] = line.split("|").map((part) => part.trim());
  if (!date || !task || !duration) return null;
  const ms = parseDuration(duration);
  if (ms === null) return null;
  return { date, task, ms };
}

export function parseSheet(text) {
  return text
    .split("\\n")
    .filter((line) => line.trim() !== "")
    .map(parseEntry)
    .filter(Boolean);
}

export function totalTime(entries, compact = false) {
  return formatDuration(sumDurations(entries.map((entry) => entry.ms)), compact);
}
`;

const reportSource = `import { formatDuration } from "../../lib-v2/index.js";
import { parseSheet, totalTime } from "./timesheet.js";

// One line per day, oldest first: "2024-05-02: 2h15m".
export function dailyReport(text) {
  const byDate = new Map();
  for (const entry of parseSheet(text)) {
    byDate.set(entry.date, [...(byDate.get(entry.date) ?? []), entry]);
  }
  return [...byDate.keys()].sort().map((date) => date + ": " + totalTime(byDate.get(date), true));
}

export function longestTask(text) {
  const entries = parseSheet(text);
  if (entries.length === 0) return null;
  const longest = entries.reduce((best, entry) => (entry.ms > best.ms ? entry : best));
  return longest.task + " (" + formatDuration(longest.ms) + ")";
}
`;

const sheet = `const sheet = [
  "2024-05-02 | write docs | 1h30m",
  "2024-05-02 | review | 45m",
  "2024-05-02 | lunch | later",
  "2024-05-01 | planning | 2h",
  "",
].join("\\n");
`;

const timesheetTest = `import assert from "node:assert/strict";
import { test } from "node:test";
import { parseEntry, parseSheet, totalTime } from "../src/timesheet.js";

${sheet}
test("parseEntry reads date, task and duration", () => {
  assert.deepEqual(parseEntry("2024-05-02 | write docs | 1h30m"), { date: "2024-05-02", task: "write docs", ms: 5400000 });
});

test("parseEntry returns null for a malformed duration", () => {
  assert.equal(parseEntry("2024-05-02 | lunch | later"), null);
});

test("parseSheet skips blank and malformed lines", () => {
  assert.equal(parseSheet(sheet).length, 3);
});

test("totalTime formats the sum, long or compact", () => {
  const entries = parseSheet(sheet);
  assert.equal(totalTime(entries), "4h 15m");
  assert.equal(totalTime(entries, true), "4h15m");
});
`;

const reportTest = `import assert from "node:assert/strict";
import { test } from "node:test";
import { dailyReport, longestTask } from "../src/report.js";

${sheet}
test("dailyReport prints compact daily totals, oldest first", () => {
  assert.deepEqual(dailyReport(sheet), ["2024-05-01: 2h", "2024-05-02: 2h15m"]);
});

test("longestTask names the task with its long-form duration", () => {
  assert.equal(longestTask(sheet), "planning (2h)");
  assert.equal(longestTask(""), null);
});
`;

/** The consumer's test count; a green run must pass at least this many. */
export const consumerTestCount = 6;

/** The consumer, already pointed at lib-v2 but still written against 1.x. */
export function consumerFiles(): FixtureFiles {
  return new Map([
    ["consumer/package.json", packageJson],
    ["consumer/README.md", readme],
    ["consumer/src/timesheet.js", timesheetSource],
    ["consumer/src/report.js", reportSource],
    ["consumer/test/timesheet.test.js", timesheetTest],
    ["consumer/test/report.test.js", reportTest],
  ]);
}
