/**
 * AgentOne's benchmark: tasks (fixture generators, graders, reference solutions), the policies it
 * compares, the harness behind `agentone bench`, and its report (statistics, Vega-Lite charts). It is
 * apparatus for measuring AgentOne, not part of the runtime: the `agentone` CLI loads it when `agentone
 * bench` runs.
 *
 * @example
 * ```ts
 * import { benchTasks } from "@agentone/bench";
 *
 * benchTasks.map((task) => task.id); // ["triage-ci", ...]
 * ```
 */
export { runBenchCommand } from "./bench/cli/run-bench-command.js";
export * from "./bench/harness/index.js";
export * from "./bench/policies/index.js";
export * from "./bench/report/index.js";
export * from "./bench/tasks/index.js";
