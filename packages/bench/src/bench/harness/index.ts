export { type BenchBackend, modelForTier, type RunModels } from "./bench-backend.js";
export { type BenchMeta, describeBench, serializeResults, writeBenchFiles } from "./bench-files.js";
export { type BenchProgress, createBenchProgress, formatDuration } from "./bench-progress.js";
export {
  type BenchRecord,
  type BenchResults,
  benchRecordSchema,
  benchResultsSchema,
  type SkippedRun,
  skippedRunSchema,
} from "./bench-record.js";
export { benchCommandAllowlist, createBenchTools } from "./bench-tools.js";
export { FaultInjectingBackend } from "./fault-injecting-backend.js";
export { checkPoliciesRunnable, planUnits, referenceCosts } from "./plan-units.js";
export { runPool } from "./promise-pool.js";
export { createRealBenchBackend } from "./real-bench-backend.js";
export { type BenchOptions, type BenchOutcome, runBench } from "./run-bench.js";
export type { PassTiming } from "./run-unit.js";
export { selectTasks } from "./select-tasks.js";
export { createSimulatedBenchBackend } from "./simulated-bench-backend.js";
export { createWireBenchBackend, wireBackendName } from "./wire-bench-backend.js";
