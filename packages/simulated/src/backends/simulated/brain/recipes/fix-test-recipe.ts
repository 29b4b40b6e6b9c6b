import { answerMove, callAction, type Move, type Recipe } from "../action.js";
import type { ConversationView } from "../conversation-view.js";
import { explored } from "../explored.js";
import { readLogFailure } from "../read-log.js";
import { knownContent, unifiedDiff } from "../workspace-knowledge.js";
import { asksToCommit, commitMove, commitReport, editedFiles } from "./commit-move.js";
import { listMove } from "./explore-recipe.js";
import { type Diagnosis, diagnoseRun } from "./fix-diagnosis.js";
import {
  fixLoopBound,
  listDifference,
  resolveImport,
  testBody,
  testedFunctions,
  weakenTest,
} from "./fix-patterns.js";
import { readMove } from "./read-move.js";
import { failedVerifications, lastEditIndex, outputLines, runTestsMove, testRuns } from "./test-runs.js";

function diagnose(view: ConversationView): Diagnosis | null {
  const lastRun = testRuns(view).at(-1);
  if (!lastRun || lastRun.passed) return null;
  return diagnoseRun(view, lastRun);
}

/** The fix for the diagnosed failure: the edit a competent model makes, and the test edit a careless one makes. */
function fixMove(view: ConversationView, diagnosis: Diagnosis): Move | null {
  const { failure, testFile } = diagnosis;
  const difference = listDifference(failure);
  const testSource = testFile ? knownContent(view, testFile) : null;
  if (!difference || !testFile || !testSource || !failure.testName) return null;
  const body = testBody(testSource, failure.testName) ?? "";
  for (const entry of testedFunctions(testSource, body)) {
    const path = resolveImport(testFile, entry.from);
    const before = knownContent(view, path);
    const after =
      before === null ? null : fixLoopBound({ source: before, functionName: entry.name, difference });
    if (before === null || after === null) continue;
    const weakened = weakenTest(testSource, failure);
    const patchOf = (file: string, from: string, to: string) =>
      callAction(
        [{ name: "apply_patch", arguments: { patch: unifiedDiff({ path: file, before: from, after: to }) } }],
        `Fixing ${file}.`,
      );
    return {
      intended: patchOf(path, before, after),
      mistakes: weakened ? { wrong_file: patchOf(testFile, testSource, weakened) } : {},
    };
  }
  return null;
}

/**
 * Fixing the bug behind a failing test: run the tests, read the failing test and the code it calls, apply
 * a fix pattern that matches the failure (an off-by-one loop bound), run the tests again, and repeat a few
 * times if they still fail. When the goal asks for a commit, the fix is committed once the tests pass.
 */
export const fixTestRecipe: Recipe = {
  name: "fix-failing-test",
  plan: (view) => [
    "Run the tests to see which one fails and how.",
    "Read the failing test and the source it calls.",
    "Fix the source with a small change (never the test).",
    asksToCommit(view.goal)
      ? "Run the tests again, commit the fix, then answer."
      : "Run the tests again, then answer.",
  ],
  next(view, behaviour) {
    const listing = listMove(view);
    if (listing) return listing;
    const lastRun = testRuns(view).at(-1);
    if (!lastRun || lastRun.index < lastEditIndex(view)) return runTestsMove(view) ?? answerMove;
    if (lastRun.passed) return commitMove(view) ?? answerMove;
    if (failedVerifications(view) >= 3) return answerMove;
    const diagnosis = diagnose(view);
    if (!diagnosis?.testFile) return answerMove;
    const unread = [diagnosis.testFile, ...diagnosis.sources].filter(
      (path) => knownContent(view, path) === null,
    );
    if (unread.length > 0) return readMove(view, unread, behaviour.parallelCalls) ?? answerMove;
    return fixMove(view, diagnosis) ?? answerMove;
  },
  answer(view, options) {
    const runs = testRuns(view);
    const firstFailure = runs.find((run) => !run.passed);
    const failure = firstFailure ? readLogFailure(outputLines(firstFailure)) : null;
    const edited = editedFiles(view);
    const lastRun = runs.at(-1);
    const lines = [
      failure?.testName ? `Failing test: "${failure.testName}".` : "I did not see a failing test.",
      edited.length > 0 ? `Changed: ${edited.join(", ")}.` : "I did not change any file.",
      lastRun
        ? `Tests: ${lastRun.passed ? "all passing" : "still failing"} after the last run.`
        : "I did not run the tests.",
      `Work done: ${explored(view)}.`,
    ];
    const commit = commitReport(view);
    if (commit) lines.splice(3, 0, commit);
    if (options.premature) lines.push("(I answered before finishing and verifying the fix.)");
    return lines.join("\n");
  },
};
