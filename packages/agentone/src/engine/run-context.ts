import type { Ledger } from "../budget/ledger.js";
import type { Random } from "../core/random.js";
import type { RoutingPolicy } from "../policy/routing-policy.js";
import type { RunLog } from "./run-log.js";
import type { RunMemo } from "./run-memo.js";
import type { Runtime } from "./runtime.js";

/** What the runner modules share while one run executes. */
export interface RunContext {
  runtime: Runtime;
  log: RunLog;
  /** The run's budget authority: what is left, the hold-back, refusals and breaches. */
  ledger: Ledger;
  /** Seeded from the run's seed; retry jitter draws from it. */
  random: Random;
  /** Aborts (with a KillSwitchTriggeredError) when the kill switch fires. */
  killSignal: AbortSignal;
  /** The run's routing policy, resolved once from its `run-start` (see `runPolicy`). */
  policy: RoutingPolicy;
  /** What the run derives once rather than at every step: tool schemas, message token counts, cache keys. */
  memo: RunMemo;
}
