/**
 * Internals that AgentOne's own packages (`@agentone/simulated`, `@agentone/bench`) and their tests share
 * with the runtime: `agentone/internal`. Not public API: no stability promise, anything here may change
 * or go in any release. Programs that embed AgentOne use `agentone` and `agentone/testing`.
 *
 * @example
 * ```ts
 * import { buildRegistry, discoverModels } from "agentone/internal"; // inside @agentone/bench only
 * ```
 */
export type { BackendConfig } from "./backends/backend-config.js";
export { builtinModels, localModelDefaults } from "./backends/builtin-models.js";
export { deltasOfResponse, streamOfResponse } from "./backends/stream/parts-of-response.js";
export { estimateRequestTokens } from "./backends/token-counter.js";
export type { CliIo } from "./cli/cli-io.js";
export { exitCodes } from "./cli/cli-io.js";
export { loadCliModels } from "./cli/cli-runtime.js";
export type { BenchFlags, BenchPackage } from "./cli/commands/bench-command.js";
export type { SimServerFlags, SimServerPackage } from "./cli/commands/sim-server-command.js";
export { runCli } from "./cli/run-cli.js";
export { buildRegistry } from "./config/build-backends.js";
export { discoverModels } from "./config/discover-models.js";
export type { SimulatedPackage } from "./config/simulated-package.js";
export { hashString } from "./core/random.js";
export { continueRun } from "./engine/lifecycle/continue-run.js";
export { type ExecutedStep, executeNextStep } from "./engine/lifecycle/execute-next-step.js";
export type { ExecuteOptions } from "./engine/lifecycle/execute-run.js";
export { markRunQueued } from "./engine/lifecycle/queue-run.js";
export type { StepModelCall, StepSummary, StepToolCall } from "./engine/lifecycle/step-summary.js";
export type { ScheduledRun } from "./engine/scheduler/next-run.js";
export {
  type CloseResult,
  RunScheduler,
  type RunSchedulerOptions,
} from "./engine/scheduler/run-scheduler.js";
export { plural } from "./report/format.js";
export { distributionOf } from "./report/percentiles.js";
export { createDocumentTools } from "./tools/documents/index.js";
export { createGitTools } from "./tools/git/index.js";
export { createHttpTools } from "./tools/http/index.js";
export { type CommandAllowlist, createShellTools, defaultCommandAllowlist } from "./tools/shell/index.js";
export { parseFilePatches } from "./tools/workspace/parse-file-patches.js";
export { planPatch } from "./tools/workspace/plan-patch.js";
