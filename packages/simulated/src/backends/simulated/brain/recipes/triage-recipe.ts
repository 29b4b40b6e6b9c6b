import { type AnswerOptions, answerMove, callAction, type Move, plainMove, type Recipe } from "../action.js";
import { type ConversationView, hasTool, successfulCalls } from "../conversation-view.js";
import { keywords } from "../evidence.js";
import { explored } from "../explored.js";
import { exploreMove, listMove } from "./explore-recipe.js";
import { type SourceLine, type TriageFindings, triageFindings } from "./triage-analysis.js";

/** The JSON fields the goal asks for, in its order (e.g. `"failingTest": ...`). */
function requestedFields(goal: string): string[] {
  if (!/\bjson\b/i.test(goal)) return [];
  return [...new Set([...goal.matchAll(/"(\w+)"\s*:/g)].map((match) => match[1] ?? ""))].filter(Boolean);
}

/** The log's next unread window, when the read so far stopped early. */
function nextLogWindow(view: ConversationView): Move | null {
  const reads = successfulCalls(view, "read_file").filter((call) =>
    /\.(log|txt)$/.test(String(call.arguments?.path)),
  );
  const last = reads.at(-1);
  const more = last ? /call read_file with startLine=(\d+)\]/.exec(last.result) : null;
  if (!last || !more) return null;
  const path = String(last.arguments?.path);
  return plainMove(
    callAction(
      [{ name: "read_file", arguments: { path, startLine: Number(more[1]) } }],
      `Reading on in ${path}.`,
    ),
  );
}

/** Source files the stack trace points at and that are still unread. */
function unreadFrames(view: ConversationView, findings: TriageFindings, limit: number): Move | null {
  const tried = new Set(successfulCalls(view, "read_file").map((call) => String(call.arguments?.path)));
  const paths = [
    ...new Set(
      [findings.rootCause, findings.decoy]
        .filter((line): line is SourceLine => line !== undefined)
        .map((line) => line.path)
        .filter((path) => view.listedFiles.includes(path) && !tried.has(path)),
    ),
  ].slice(0, limit);
  if (paths.length === 0 || !hasTool(view, "read_file")) return null;
  return plainMove(
    callAction(
      paths.map((path) => ({ name: "read_file", arguments: { path } })),
      `Reading ${paths.join(" and ")}, where the stack trace points.`,
    ),
  );
}

function categoryText(findings: TriageFindings): string {
  switch (findings.category) {
    case "regression":
      return "regression (the failure follows a recent merge)";
    case "flaky":
      return "flaky (the same test passed when it was run again)";
    case null:
      return "unclear from the evidence read";
    default:
      return `${findings.category} (from the error message)`;
  }
}

function findingLines(findings: TriageFindings, root: SourceLine | undefined): string[] {
  const { failure } = findings;
  const lines: string[] = [];
  if (failure.testName) lines.push(`Failing test: "${failure.testName}".`);
  else if (!findings.logRead) lines.push("I did not read a log, so I cannot name the failing test.");
  if (failure.location) lines.push(`The log points at ${failure.location.path}:${failure.location.line}.`);
  if (failure.assertion.length > 0)
    lines.push(`Assertion (+ actual, - expected): ${failure.assertion.join(" | ")}.`);
  if (failure.errorMessage && failure.assertion.length === 0) lines.push(`Error: ${failure.errorMessage}.`);
  if (root)
    lines.push(`Likely root cause: ${root.path}:${root.line}${root.text ? `: \`${root.text}\`` : ""}.`);
  lines.push(`Category: ${categoryText(findings)}.`);
  if (root) lines.push(`Suggested fix: ${fixText(findings, root)}`);
  return lines;
}

function fixText(findings: TriageFindings, root: SourceLine): string {
  return root === findings.rootCause && findings.suggestedFix
    ? findings.suggestedFix
    : `review ${root.path}:${root.line} against what the test expects.`;
}

function jsonReport(view: ConversationView, findings: TriageFindings, options: AnswerOptions): string {
  const root = options.flaw === "wrong_file" ? findings.decoy : findings.rootCause;
  const allowed = [
    ...(/one of ([^}]*?)(?:,\s*"\w+"\s*:|\})/.exec(view.goal)?.[1] ?? "").matchAll(/"([\w-]+)"/g),
  ].map((match) => match[1] ?? "");
  let category: string = findings.category ?? "regression";
  if (options.flaw === "wrong_edit") category = category === "flaky" ? "regression" : "flaky";
  if (allowed.length > 0 && !allowed.includes(category)) category = allowed[0] ?? category;
  const report: Record<string, string> = {};
  for (const field of requestedFields(view.goal)) {
    if (/test/i.test(field)) report[field] = findings.failure.testName ?? "";
    else if (/file|path/i.test(field)) report[field] = root?.path ?? "";
    else if (/categor|kind|type/i.test(field)) report[field] = category;
    else if (/fix|suggest/i.test(field)) report[field] = root ? fixText(findings, root) : "";
    else if (/line/i.test(field)) report[field] = root ? String(root.line) : "";
    else report[field] = "";
  }
  const json = JSON.stringify(report, null, 2);
  // A model that loses track of its quoting ends the object early.
  const written = options.flaw === "malformed_call" ? json.replace(/"\n}$/, "\n") : json;
  return `\`\`\`json\n${written}\n\`\`\``;
}

/**
 * Triage of a failure recorded in a log: read the log (paging on if it is long), then the source files its
 * stack trace points at, then answer with the failing test, the root-cause file and line, the category and
 * a fix, as JSON when the goal asks for a report.
 */
export const triageRecipe: Recipe = {
  name: "triage",
  plan: (view) => [
    "List the workspace to see what is there.",
    `Read the files most relevant to: ${keywords(view.goal).slice(0, 3).join(", ") || "the goal"}.`,
    "Find the failing test in the log and trace it to the source line.",
    "Answer with the evidence, citing file and line.",
  ],
  next(view, behaviour) {
    const listing = listMove(view);
    if (listing) return listing;
    const logRead = [...view.readFiles.keys()].some((path) => /\.(log|txt)$/.test(path));
    if (!logRead) return exploreMove(view, behaviour) ?? answerMove;
    const findings = triageFindings(view);
    const move =
      nextLogWindow(view) ??
      unreadFrames(view, findings, behaviour.parallelCalls) ??
      exploreMove(view, behaviour);
    if (move) return move;
    const flawed = (flaw: "wrong_file" | "wrong_edit" | "malformed_call") => ({
      type: "answer" as const,
      premature: false,
      flaw,
    });
    return {
      intended: answerMove.intended,
      mistakes: {
        wrong_file: flawed("wrong_file"),
        ...(requestedFields(view.goal).length > 0
          ? { wrong_edit: flawed("wrong_edit"), malformed_call: flawed("malformed_call") }
          : {}),
      },
    };
  },
  answer(view, options) {
    const findings = triageFindings(view);
    const root = options.flaw === "wrong_file" ? findings.decoy : findings.rootCause;
    const lines = findingLines(findings, root);
    if (requestedFields(view.goal).length > 0) lines.push("", jsonReport(view, findings, options), "");
    lines.push(`Evidence gathered: ${explored(view)}.`);
    if (options.premature) lines.push("(I answered before reading everything that looked relevant.)");
    return lines.join("\n");
  },
};
