import { UsageError } from "agentone";
import { type BenchTask, benchTasks } from "../tasks/index.js";

/**
 * The tasks named by id, in the benchmark's own order; none named: all of them. An unknown id is a
 * UsageError listing the known ones.
 *
 * @example
 * ```ts
 * selectTasks(["triage-ci", "fix-failing-test"]).map((task) => task.id); // ["triage-ci", "fix-failing-test"]
 * ```
 */
export function selectTasks(
  ids: readonly string[] | undefined,
  tasks: readonly BenchTask[] = benchTasks,
): BenchTask[] {
  if (ids === undefined || ids.length === 0) return [...tasks];
  const unknown = ids.filter((id) => !tasks.some((task) => task.id === id));
  if (unknown.length > 0)
    throw new UsageError(
      `unknown task ${unknown.join(", ")}; known tasks: ${tasks.map((task) => task.id).join(", ")}`,
    );
  return tasks.filter((task) => ids.includes(task.id));
}
