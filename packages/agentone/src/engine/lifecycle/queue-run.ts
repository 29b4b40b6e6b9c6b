import { UsageError } from "../../core/errors/index.js";
import { foldRunState } from "../../core/run-state/fold-run-state.js";
import { RunLog } from "../run-log.js";
import type { Runtime } from "../runtime.js";
import { withRunClaim } from "./run-claim.js";

/**
 * Records that a created run waits for a free slot (`created → queued`, reason `waiting_for_slot`, one
 * committed run-transition), so that listings show it `queued`. A run already queued (a server restarted)
 * is left as it is; a run in any other state is a UsageError, nothing written. The scheduler's `onQueued`.
 *
 * @example
 * ```ts
 * const scheduler = new RunScheduler({ maxRunning: 8, maxRunningPerTenant: 2,
 *   onQueued: (run) => markRunQueued(runtime, run.runId) });
 * ```
 */
export async function markRunQueued(runtime: Runtime, runId: string): Promise<void> {
  await withRunClaim(runtime.store, runId, async () => {
    const events = await runtime.store.readEvents(runId);
    const state = foldRunState(events);
    if (state.status === "queued") return;
    if (state.status !== "created")
      throw new UsageError(`run ${runId} cannot be queued: it is ${state.status}, not created`);
    const log = RunLog.forRuntime(runtime, events, state);
    log.transition("queued", "waiting_for_slot");
    await log.commit();
  });
}
