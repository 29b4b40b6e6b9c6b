import type { Ledger } from "../budget/ledger.js";
import type { Holdback } from "../budget/model-reservation.js";
import type { Random } from "../core/random.js";
import type { RoutingPolicy } from "../policy/routing-policy.js";
import type { RunLog } from "./run-log.js";
import type { Runtime } from "./runtime.js";

/** What the runner modules share while one run executes. */
export interface RunContext {
  runtime: Runtime;
  log: RunLog;
  ledger: Ledger;
  /** Seeded from the run's seed; retry jitter draws from it. */
  random: Random;
  /** Aborts (with a KillSwitchTriggeredError) when the kill switch fires. */
  killSignal: AbortSignal;
  holdback: Holdback;
  /** The run's routing policy, resolved once from its `run-start` (see `runPolicy`). */
  policy: RoutingPolicy;
  /** Wall-clock time kept back at the end of the run for the termination policy. */
  terminationSliceMs: number;
}
