import { writeFile } from "node:fs/promises";
import path from "node:path";
import { createTwoFilesPatch } from "diff";
import { timesheetSource } from "./consumer-content.js";

/** The consumer's timesheet.js adapted to durations 2.0. */
export const fixedTimesheetSource = timesheetSource
  .replace("parseDuration, sumDurations }", "parseDuration, totalDuration }")
  .replace(
    "  const ms = parseDuration(duration);\n  if (ms === null) return null;\n",
    "  let ms;\n  try {\n    ms = parseDuration(duration);\n  } catch {\n    return null;\n  }\n",
  )
  .replace(
    "formatDuration(sumDurations(entries.map((entry) => entry.ms)), compact)",
    'formatDuration(totalDuration(entries.map((entry) => entry.ms)), { style: compact ? "short" : "long" })',
  );

export const referenceBreakingNotes = `# Breaking changes in durations 2.0.0

1. \`parseDuration\` throws a \`RangeError\` for text that is not a duration; 1.x returned \`null\`.
2. \`formatDuration(ms, compact)\` became \`formatDuration(ms, { style })\` with \`style\` "long" or "short";
   a boolean second argument is now ignored.
3. \`sumDurations\` was renamed \`totalDuration\`.
`;

/** A unified diff of the consumer with workspace-relative a/ b/ paths, as `git diff` writes it. */
export function consumerPatch(relative: string, before: string, after: string): string {
  return createTwoFilesPatch(`a/${relative}`, `b/${relative}`, before, after);
}

/** Writes BREAKING.md and a fix.patch that adapts consumer/src/timesheet.js. */
export async function solveBreakingChanges(workspace: string): Promise<{ answer: string }> {
  await writeFile(path.join(workspace, "BREAKING.md"), referenceBreakingNotes);
  const patch = consumerPatch("consumer/src/timesheet.js", timesheetSource, fixedTimesheetSource);
  await writeFile(path.join(workspace, "fix.patch"), patch);
  return { answer: "Wrote BREAKING.md and fix.patch." };
}
