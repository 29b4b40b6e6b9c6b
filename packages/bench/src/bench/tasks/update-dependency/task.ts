import type { BenchTask } from "../bench-task.js";
import { writeFixtureFiles } from "../fixture-tree.js";
import { describeRubric } from "../grade-checks.js";
import { prepareWorkspaceDirectory } from "../prepare-directory.js";
import { updateDependencyFiles } from "./fixture.js";
import { gradeUpdateDependency, updateDependencyRubric } from "./grader.js";

const goal =
  "This project (post-index) uses textkit 1.4.0, vendored at vendor/textkit. Upgrade it to textkit 2.0.0, " +
  "which is unpacked at vendor/textkit-2.0.0 (read its CHANGELOG.md): make the project use 2.0.0, adapt " +
  "every call site to the new API, and keep the tests passing (`node --test`). Do not change the tests.";

/**
 * Upgrade a vendored dependency across a breaking major release and adapt its call sites.
 *
 * @example
 * ```ts
 * const prepared = await updateDependencyTask.prepare({ directory, seed: 0 });
 * ```
 */
export const updateDependencyTask: BenchTask = {
  id: "update-dependency",
  title: "Upgrade a vendored library across a breaking release",
  description:
    "A small ESM project imports textkit 1.4.0 from vendor/textkit; textkit 2.0.0 ships beside it with a " +
    "changelog (slugify takes an options object, wordCount became countWords). The agent bumps the " +
    "dependency and fixes four call sites over three files without touching the tests.",
  rubric: describeRubric(
    "Graded from the workspace (the answer is ignored); the seed does not change the fixture.",
    Object.values(updateDependencyRubric),
  ),
  async prepare(options) {
    const workspace = await prepareWorkspaceDirectory(options);
    await writeFixtureFiles(workspace, updateDependencyFiles());
    return { workspace, goal, grade: gradeUpdateDependency };
  },
};
