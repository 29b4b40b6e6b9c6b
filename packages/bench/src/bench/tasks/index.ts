import { apiWorkflowTask } from "./api-workflow/task.js";
import type { BenchTask } from "./bench-task.js";
import { breakingChangesPatchTask } from "./breaking-changes-patch/task.js";
import { docsCitationsTask } from "./docs-citations/task.js";
import { fixFailingTestTask } from "./fix-failing-test/task.js";
import { triageCiTask } from "./triage-ci/task.js";
import { updateDependencyTask } from "./update-dependency/task.js";

export type {
  BenchTask,
  GradeCheck,
  GradeResult,
  PreparedTask,
  PrepareOptions,
  TaskOutcome,
  TaskService,
} from "./bench-task.js";
export { type ReferenceSolution, referenceSolutions } from "./reference-solutions.js";

/**
 * The benchmark's tasks, in a stable order.
 *
 * @example
 * ```ts
 * for (const task of benchTasks) {
 *   const prepared = await task.prepare({ directory: path.join(root, task.id), seed: 1 });
 *   // ... run the agent on prepared.goal in prepared.workspace, then:
 *   const result = await prepared.grade({ answer, workspace: prepared.workspace });
 *   await prepared.services?.close();
 * }
 * ```
 */
export const benchTasks: readonly BenchTask[] = [
  updateDependencyTask,
  triageCiTask,
  breakingChangesPatchTask,
  fixFailingTestTask,
  docsCitationsTask,
  apiWorkflowTask,
];
