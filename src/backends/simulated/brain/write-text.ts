import type { ConversationView } from "./conversation-view.js";
import { bestLines, failureLines, fileReferences, isTriageGoal, keywords } from "./evidence.js";

const label = (model: string) => `[simulated: written by AgentOne's simulated model ${model}, not by a real LLM]`;

function explored(view: ConversationView): string {
  const reads = [...view.readFiles.keys()];
  const parts = [];
  if (view.listedFiles.length > 0) parts.push(`listed ${view.listedFiles.length} files`);
  if (reads.length > 0) parts.push(`read ${reads.join(", ")}`);
  if (view.searchedPatterns.length > 0) parts.push(`searched for ${view.searchedPatterns.map((pattern) => `"${pattern}"`).join(", ")}`);
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
    isTriageGoal(view.goal) ? "3. Find the failing test in the log and trace it to the source line." : "3. Search the files for the key terms.",
    "4. Answer with the evidence, citing file and line.",
  ].join("\n");
}

/** A revised plan after failures. */
export function writeReplan(view: ConversationView, model: string): string {
  const failed = view.calls.filter((call) => call.isError).map((call) => `${call.name} (${call.result.slice(0, 80)})`);
  return [label(model), "Revised plan:", `So far: ${explored(view)}.`, failed.length > 0 ? `Avoid repeating: ${failed.slice(-2).join("; ")}.` : "No errors so far.", "Next: read the remaining relevant files, then answer."].join("\n");
}

function triageFindings(view: ConversationView): string[] {
  const logLines = [...view.readFiles.entries()].filter(([path]) => /\.(log|txt)$/.test(path)).flatMap(([, lines]) => lines);
  const failures = failureLines(logLines.map((line) => line.replace(/^\d+: /, "")));
  const failing = failures.map((line) => /not ok \d+ - (.+)|✖ (.+?)(?: \(|$)/.exec(line)).find((match) => match);
  const testName = failing ? (failing[1] ?? failing[2] ?? "").trim() : null;
  const findings: string[] = [];
  if (testName) findings.push(`Failing test: "${testName}".`);
  const locations = fileReferences(logLines.join("\n")).filter((reference) => reference.line !== null && !reference.path.includes("node:"));
  if (locations[0]) findings.push(`The log points at ${locations[0].path}:${locations[0].line}.`);
  const diffLines = failures.filter((line) => /^\s*[+-]\s+\w+:/.test(line) || /expected|actual/i.test(line)).slice(0, 4);
  if (diffLines.length > 0) findings.push(`Assertion: ${diffLines.map((line) => line.trim()).join(" | ")}.`);
  const source = bestLines({ ...view, readFiles: new Map([...view.readFiles].filter(([path]) => !/\.(log|txt|md)$/.test(path) && !/test/.test(path))) }, { query: testName ?? view.goal, limit: 1 })[0];
  if (source) findings.push(`Likely root cause: ${source.path}:${source.line}: \`${source.text}\`.`);
  const regression = logLines.some((line) => /merge pull request|regress/i.test(line));
  findings.push(`Category: ${regression ? "regression (the failure follows a recent merge)" : "unclear from the evidence read"}.`);
  if (source) findings.push(`Suggested fix: review ${source.path}:${source.line} against what the test expects.`);
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
  const findings = isTriageGoal(view.goal) ? triageFindings(view) : bestLines(view, { query: view.goal, limit: 3 }).map((entry) => `${entry.text} (${entry.path}:${entry.line})`);
  return [
    label(model),
    `Stopped: ${view.stopReason ?? "budget exhausted"}.`,
    `Done so far: ${explored(view)}.`,
    findings.length > 0 ? `Findings so far: ${findings.join(" ")}` : "No findings yet.",
    "Remaining: confirm the findings and finish the goal.",
  ].join("\n");
}
