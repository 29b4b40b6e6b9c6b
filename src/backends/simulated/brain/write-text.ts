import type { ConversationView } from "./conversation-view.js";
import { bestLines, isTriageGoal, keywords } from "./evidence.js";
import { type LogFailure, readLogFailure } from "./read-log.js";

const label = (model: string) =>
  `[simulated: written by AgentOne's simulated model ${model}, not by a real LLM]`;

function explored(view: ConversationView): string {
  const reads = [...view.readFiles.keys()];
  const parts = [];
  if (view.listedFiles.length > 0) parts.push(`listed ${view.listedFiles.length} files`);
  if (reads.length > 0) parts.push(`read ${reads.join(", ")}`);
  if (view.searchedPatterns.length > 0)
    parts.push(`searched for ${view.searchedPatterns.map((pattern) => `"${pattern}"`).join(", ")}`);
  const errors = view.calls.filter((call) => call.isError).length;
  if (errors > 0) parts.push(`${errors} tool call(s) failed`);
  return parts.length > 0 ? parts.join("; ") : "nothing explored yet";
}

/** A numbered plan for the goal. */
export function writePlan(view: ConversationView, model: string): string {
  const terms = keywords(view.goal).slice(0, 3).join(", ");
  return [
    label(model),
    "Plan:",
    "1. List the workspace to see what is there.",
    `2. Read the files most relevant to: ${terms || "the goal"}.`,
    isTriageGoal(view.goal)
      ? "3. Find the failing test in the log and trace it to the source line."
      : "3. Search the files for the key terms.",
    "4. Answer with the evidence, citing file and line.",
  ].join("\n");
}

/** A revised plan after failures. */
export function writeReplan(view: ConversationView, model: string): string {
  const failed = view.calls
    .filter((call) => call.isError)
    .map((call) => `${call.name} (${call.result.slice(0, 80)})`);
  return [
    label(model),
    "Revised plan:",
    `So far: ${explored(view)}.`,
    failed.length > 0 ? `Avoid repeating: ${failed.slice(-2).join("; ")}.` : "No errors so far.",
    "Next: read the remaining relevant files, then answer.",
  ].join("\n");
}

const isComment = (text: string) => /^(\/\/|#|\*|\/\*)/.test(text);

/**
 * Where the failure most likely comes from, in the source files read (not tests, logs or docs): the line
 * that assigns the first field whose value the assertion shows wrong, else the code line sharing the
 * most words with the failing test's name.
 */
function rootCauseLine(
  view: ConversationView,
  failure: LogFailure,
): { path: string; line: number; text: string } | undefined {
  const sources = new Map(
    [...view.readFiles].filter(([path]) => !/\.(log|txt|md|html)$/.test(path) && !/test/i.test(path)),
  );
  for (const field of failure.mismatchedFields) {
    const assignment = new RegExp(`\\b${field}\\s*=[^=]`);
    for (const [path, lines] of sources) {
      for (const entry of lines) {
        const [, number = "0", text = ""] = /^(\d+): (.*)$/.exec(entry) ?? [];
        if (assignment.test(text) && !isComment(text.trim()))
          return { path, line: Number(number), text: text.trim() };
      }
    }
  }
  const code = new Map(
    [...sources].map(([path, lines]) => [
      path,
      lines.filter((entry) => !isComment(entry.replace(/^\d+: /, "").trim())),
    ]),
  );
  return bestLines({ ...view, readFiles: code }, { query: failure.testName ?? view.goal, limit: 1 })[0];
}

function triageFindings(view: ConversationView): string[] {
  const logLines = [...view.readFiles.entries()]
    .filter(([path]) => /\.(log|txt)$/.test(path))
    .flatMap(([, lines]) => lines);
  const failure = readLogFailure(logLines);
  const findings: string[] = [];
  if (failure.testName) findings.push(`Failing test: "${failure.testName}".`);
  else if (logLines.length === 0) findings.push("I did not read a log, so I cannot name the failing test.");
  if (failure.location) findings.push(`The log points at ${failure.location.path}:${failure.location.line}.`);
  if (failure.assertion.length > 0)
    findings.push(`Assertion (+ actual, - expected): ${failure.assertion.join(" | ")}.`);
  const source = rootCauseLine(view, failure);
  if (source) findings.push(`Likely root cause: ${source.path}:${source.line}: \`${source.text}\`.`);
  findings.push(
    `Category: ${failure.recentChange ? "regression (the failure follows a recent merge)" : "unclear from the evidence read"}.`,
  );
  if (source)
    findings.push(`Suggested fix: review ${source.path}:${source.line} against what the test expects.`);
  return findings;
}

/** The final answer from what was read: a triage, or an answer with citations. */
export function writeAnswer(view: ConversationView, options: { model: string; premature: boolean }): string {
  const lines = [label(options.model)];
  if (isTriageGoal(view.goal)) lines.push(...triageFindings(view));
  else {
    const evidence = bestLines(view, { query: [view.goal, ...view.instructions].join(" "), limit: 5 });
    if (evidence.length === 0) lines.push("I found nothing in the files I read that answers the question.");
    for (const entry of evidence) lines.push(`- ${entry.text} (${entry.path}:${entry.line})`);
  }
  lines.push(`Evidence gathered: ${explored(view)}.`);
  if (options.premature) lines.push("(I answered before reading everything that looked relevant.)");
  return lines.join("\n");
}

/** The closing summary when a run is stopped. */
export function writeSummary(view: ConversationView, model: string): string {
  const findings = isTriageGoal(view.goal)
    ? triageFindings(view)
    : bestLines(view, { query: view.goal, limit: 3 }).map(
        (entry) => `${entry.text} (${entry.path}:${entry.line})`,
      );
  return [
    label(model),
    `Stopped: ${view.stopReason ?? "budget exhausted"}.`,
    `Done so far: ${explored(view)}.`,
    findings.length > 0 ? `Findings so far: ${findings.join(" ")}` : "No findings yet.",
    "Remaining: confirm the findings and finish the goal.",
  ].join("\n");
}
