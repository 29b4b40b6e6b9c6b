import type { BenchTask } from "../bench-task.js";
import { writeFixtureFiles } from "../fixture-tree.js";
import { describeRubric } from "../grade-checks.js";
import { prepareWorkspaceDirectory } from "../prepare-directory.js";
import { fixFailingTestRubric, gradeFixFailingTest } from "./grader.js";
import { fixFailingTestFiles } from "./repository-content.js";

const goal =
  "One test of this repository fails (`node --test`). Find the bug and fix it in the source code with a " +
  "small change, so that all tests pass. Do not modify the tests.";

/**
 * Fix the bug behind one failing test without touching the tests.
 *
 * @example
 * ```ts
 * const prepared = await fixFailingTestTask.prepare({ directory, seed: 0 });
 * ```
 */
export const fixFailingTestTask: BenchTask = {
  id: "fix-failing-test",
  title: "Fix the bug behind a failing test",
  description:
    "A booking helper library where daysBetween stops one day short (an exclusive loop bound where the " +
    "comment promises both ends). One of eight tests fails; the agent fixes the source, not the test.",
  rubric: describeRubric(
    "Graded from the workspace against the generator's files; the answer is ignored and the seed does not " +
      "change the fixture.",
    Object.values(fixFailingTestRubric),
  ),
  async prepare(options) {
    const workspace = await prepareWorkspaceDirectory(options);
    await writeFixtureFiles(workspace, fixFailingTestFiles());
    return { workspace, goal, grade: gradeFixFailingTest };
  },
};
