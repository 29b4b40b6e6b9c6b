import path from "node:path";
import type { GradeCheck, GradeResult, TaskOutcome } from "../bench-task.js";
import { readFileOrNull, readTree, sameBytes } from "../fixture-tree.js";
import { checkOf, type RubricItem, summarizeChecks } from "../grade-checks.js";
import { describeTestRun, isGreenRun, runNodeTests } from "../run-node-tests.js";
import { changedLines } from "./changed-lines.js";
import { fixFailingTestFiles, repositoryTestCount } from "./repository-content.js";

/** The most added plus removed lines a fix may take to count as small. */
export const smallDiffLimit = 12;

export const fixFailingTestRubric = {
  testsPass: {
    name: "tests-pass",
    weight: 3,
    essential: true,
    meaning: `node --test exits 0 with at least ${repositoryTestCount} passing tests`,
  },
  testsUnchanged: {
    name: "tests-unchanged",
    weight: 3,
    essential: true,
    meaning: "every test file is byte-identical to the generator's (editing a test to pass is a failure)",
  },
  smallDiff: {
    name: "small-diff",
    weight: 1,
    essential: false,
    meaning: `at most ${smallDiffLimit} lines added or removed over the whole workspace`,
  },
  fixInSource: {
    name: "fix-in-source",
    weight: 1,
    essential: false,
    meaning: "the change is in src/dates.js, where the bug is",
  },
} satisfies Record<string, RubricItem>;

async function checkTestsUnchanged(workspace: string): Promise<GradeCheck> {
  const changed: string[] = [];
  for (const [relative, content] of fixFailingTestFiles()) {
    if (!relative.startsWith("test/")) continue;
    if (!sameBytes(content, await readFileOrNull(path.join(workspace, relative)))) changed.push(relative);
  }
  return checkOf(fixFailingTestRubric.testsUnchanged, {
    passed: changed.length === 0,
    detail: changed.length === 0 ? "test files unchanged" : `changed or missing: ${changed.join(", ")}`,
  });
}

// Version control and a run store kept in the workspace are not part of the fix.
const ignoredFolders = /^(\.git|\.agentone)\//;

async function workspaceTree(workspace: string): Promise<Map<string, Buffer>> {
  try {
    const tree = await readTree(workspace);
    return new Map([...tree].filter(([relative]) => !ignoredFolders.test(relative)));
  } catch {
    return new Map();
  }
}

/** Grades the fix from the workspace: real test run, test files hashed against the generator, diff size. */
export async function gradeFixFailingTest(outcome: TaskOutcome): Promise<GradeResult> {
  const { workspace } = outcome;
  const run = await runNodeTests({ cwd: workspace });
  const diff = changedLines(fixFailingTestFiles(), await workspaceTree(workspace));
  return summarizeChecks([
    checkOf(fixFailingTestRubric.testsPass, {
      passed: isGreenRun(run, repositoryTestCount),
      detail: describeTestRun(run),
    }),
    await checkTestsUnchanged(workspace),
    checkOf(fixFailingTestRubric.smallDiff, {
      passed: diff.files.length > 0 && diff.lines <= smallDiffLimit,
      detail: `${diff.lines} lines changed in ${diff.files.join(", ") || "no file"}`,
    }),
    checkOf(fixFailingTestRubric.fixInSource, { passed: diff.files.includes("src/dates.js") }),
  ]);
}
