export { compareEvent, type Divergence, describeDivergence } from "./compare-events.js";
export { type Difference, firstDifference } from "./deep-difference.js";
export { type ForkInput, forkRun } from "./fork-run.js";
export type { ReplayCounters } from "./replay-backend.js";
export { type ReplayOptions, type ReplayOverrides, type ReplayResult, replayRun } from "./replay-run.js";
export type { ReplayBase } from "./replay-runtime.js";
