import { callAction, type Move, plainMove } from "../action.js";
import { type ConversationView, hasTool, type PastCall } from "../conversation-view.js";
import { hasEdited } from "../workspace-knowledge.js";
import { diagnoseRun } from "./fix-diagnosis.js";
import { listDifference } from "./fix-patterns.js";
import { lastEditIndex, testRuns } from "./test-runs.js";

// "commit" followed by one of these is a noun ("the commit message"), not something to do.
const commitVerb = /\bcommit\b(?!\s+(?:message|messages|hash|hashes|id|ids|log|history|sha)\b)/gi;
// ... and so is "commit" after a determiner ("the last commit", "a commit").
const determiner =
  /\b(?:the|a|an|this|that|each|every|last|previous|latest|first|your|my|its|their|no|any|one|per)\s+$/i;
// "Do not commit", "never edit or commit": asked not to.
const negation = /\b(?:not|don't|never|without|nor)\s+(?:\w+\s+){0,2}$/i;

/**
 * Whether the goal asks for a commit: "commit" used as a verb, not negated. "Commitment", "committed",
 * "the last commit" and "do not commit" do not ask.
 *
 * @example
 * ```ts
 * asksToCommit("Fix it, run the tests, and commit the fix."); // true
 * asksToCommit("Fix it. Do not commit."); // false
 * ```
 */
export function asksToCommit(goal: string): boolean {
  for (const match of goal.matchAll(commitVerb)) {
    const before = goal.slice(Math.max(0, match.index - 40), match.index);
    if (!determiner.test(before) && !negation.test(before)) return true;
  }
  return false;
}

/** The files the model changed, by its successful write_file and apply_patch calls, first edit first. */
export function editedFiles(view: ConversationView): string[] {
  return [...new Set(view.calls.filter((call) => call.name === "apply_patch" || call.name === "write_file"))]
    .map((call) =>
      String(call.arguments?.path ?? /^--- a\/(\S+)/m.exec(String(call.arguments?.patch ?? ""))?.[1] ?? ""),
    )
    .filter((path, index, all) => path && all.indexOf(path) === index && hasEdited(view, path));
}

/**
 * The git_commit calls the model sent, denied and failed ones included. A call whose arguments were not
 * valid JSON does not count: the model sends it again, well-formed, as it does any malformed call.
 */
function commitAttempts(view: ConversationView): PastCall[] {
  return view.calls.filter((call) => call.name === "git_commit" && call.arguments !== null);
}

/** A short commit message from the first failing run: the function fixed and what was wrong with it. */
export function commitMessage(view: ConversationView): string {
  const firstFailure = testRuns(view).find((run) => !run.passed);
  const diagnosis = firstFailure ? diagnoseRun(view, firstFailure) : null;
  const edited = editedFiles(view);
  const fixed = diagnosis?.functions.find((entry) => edited.includes(entry.path));
  const difference = diagnosis ? listDifference(diagnosis.failure) : null;
  const testName = diagnosis?.failure.testName;
  if (!fixed) return testName ? `Fix the failing test "${testName}"` : `Fix ${edited.join(", ")}`;
  if (!difference) return `Fix ${fixed.name}`;
  const [what, bound] =
    difference === "missing-last"
      ? ["the loop stopped one short", "< where <= was meant"]
      : ["the loop ran one step too far", "<= where < was meant"];
  const body = testName ? `\n\nThe test "${testName}" failed: the loop bound was ${bound}.` : "";
  return `Fix ${fixed.name}: ${what}${body}`;
}

/**
 * Committing the fix, when the goal asks for a commit, git_commit is at hand, the last test run passed
 * after an edit, and no commit was attempted yet (a denied or failed one is not tried again: the answer
 * says why there is no commit). Null otherwise. Only the edited files are committed.
 *
 * @example
 * ```ts
 * const move = commitMove(view); // git_commit { message: "Fix pageNumbers: the loop stopped one short…" }
 * ```
 */
export function commitMove(view: ConversationView): Move | null {
  if (!asksToCommit(view.goal) || !hasTool(view, "git_commit")) return null;
  const lastRun = testRuns(view).at(-1);
  const lastEdit = lastEditIndex(view);
  if (!lastRun?.passed || lastEdit < 0 || lastRun.index < lastEdit) return null;
  if (commitAttempts(view).length > 0) return null;
  const paths = editedFiles(view);
  if (paths.length === 0) return null;
  return plainMove(
    callAction(
      [{ name: "git_commit", arguments: { message: commitMessage(view), paths } }],
      "Committing the fix.",
    ),
  );
}

/** The answer's line about the commit, or null when the goal did not ask for one. */
export function commitReport(view: ConversationView): string | null {
  if (!asksToCommit(view.goal)) return null;
  const attempt = commitAttempts(view).at(-1);
  if (attempt && !attempt.isError) {
    const subject = String(attempt.arguments?.message ?? "").split("\n")[0];
    const hash = /^\[[^\]]*?\b([0-9a-f]{7,40})\]/.exec(attempt.result)?.[1];
    return `Committed: "${subject}"${hash ? ` (${hash})` : ""}.`;
  }
  if (attempt) {
    const reason = (attempt.result.split("\n")[0] ?? "").replace(/^Error:\s*/, "").replace(/\.?$/, ".");
    return `I did not commit; git_commit answered: ${reason}`;
  }
  if (!hasTool(view, "git_commit")) return "I did not commit: I have no git_commit tool.";
  if (editedFiles(view).length === 0) return "I did not commit: I changed nothing.";
  const lastRun = testRuns(view).at(-1);
  return lastRun?.passed ? "I did not commit." : "I did not commit: the tests do not pass.";
}
