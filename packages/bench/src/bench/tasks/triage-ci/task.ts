import type { BenchTask } from "../bench-task.js";
import { writeFixtureFiles } from "../fixture-tree.js";
import { describeRubric } from "../grade-checks.js";
import { prepareWorkspaceDirectory } from "../prepare-directory.js";
import { triageFiles } from "./fixture.js";
import { gradeTriage, triageRubric } from "./grader.js";

const goal =
  "CI failed on main; its log is ci.log in this repository. Triage the failure and report it as JSON with " +
  'exactly these string fields: {"failingTest": the name of the failing test, "rootCauseFile": the ' +
  'repository-relative path of the source file that causes it, "category": one of "regression", "flaky", ' +
  '"environment", "dependency", "suggestedFix": the fix in a sentence or two}. Write it to triage.json in ' +
  "the workspace, or give it in your answer inside a ```json fence. Do not change the repository's code.";

/**
 * Triage a noisy CI log down to the one real failure and its root cause.
 *
 * @example
 * ```ts
 * const prepared = await triageCiTask.prepare({ directory, seed: 0 });
 * ```
 */
export const triageCiTask: BenchTask = {
  id: "triage-ci",
  title: "Triage a noisy CI failure",
  description:
    "A small billing library and a CI log of a few hundred lines (verbose npm output with a network retry, " +
    "lint warnings, a TLS warning, a re-run step) around one deterministic test failure whose stack trace " +
    "points at a recently changed currency lookup. The agent reports the failing test, the root-cause " +
    "file, the category and a fix as JSON.",
  rubric: describeRubric(
    "Graded from triage.json (preferred when valid) or the answer's JSON; the seed does not change the fixture.",
    Object.values(triageRubric),
  ),
  async prepare(options) {
    const workspace = await prepareWorkspaceDirectory(options);
    await writeFixtureFiles(workspace, triageFiles());
    return { workspace, goal, grade: gradeTriage };
  },
};
