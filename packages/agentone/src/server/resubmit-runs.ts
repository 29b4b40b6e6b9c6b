import type { RunEvent } from "../core/events/run-event.js";
import { foldRunState } from "../core/run-state/fold-run-state.js";
import type { RunStatus } from "../core/run-status.js";
import { continueAbandonedRun } from "../engine/lifecycle/continue-abandoned-run.js";
import { markRunQueued } from "../engine/lifecycle/queue-run.js";
import type { RunRecord } from "../store/store.js";
import type { ServerContext } from "./server-context.js";

/** Every run of the store in `status`, newest first, page by page. */
async function runsIn(context: ServerContext, status: RunStatus): Promise<RunRecord[]> {
  const runs: RunRecord[] = [];
  let before: { createdAt: string; id: string } | undefined;
  for (;;) {
    const page = await context.store.listRuns({ status, limit: 200, ...(before ? { before } : {}) });
    runs.push(...page);
    const last = page.at(-1);
    if (page.length < 200 || last === undefined) return runs;
    before = { createdAt: last.createdAt, id: last.id };
  }
}

/**
 * Whether a server should continue the run, from its log: one it queued, one its shutdown paused (not a
 * manual step's pause, which waits for its next request), and one of its own managed runs (a priority on
 * the row) that its process left unstarted (`created`, not manual) or executing (`planning`, `running`:
 * the process died). Never an external run, which its caller executes.
 */
function isLeftToContinue(run: RunRecord, events: readonly RunEvent[]): boolean {
  const state = foldRunState(events);
  if (state.options.external !== undefined) return false;
  switch (state.status) {
    case "queued":
      return true;
    case "paused": {
      const pause = events.findLast((event) => event.type === "run-transition" && event.to === "paused");
      return pause?.type === "run-transition" && pause.reason === "shutdown";
    }
    case "created":
      return run.priority !== undefined && state.options.stepping !== "manual";
    case "planning":
    case "running":
      return run.priority !== undefined;
    default:
      return false;
  }
}

/** Queue order: the higher priority first, then the older run (runs made before priorities were kept: 0). */
function queueOrder(left: RunRecord, right: RunRecord): number {
  return (
    (right.priority ?? 0) - (left.priority ?? 0) ||
    left.createdAt.localeCompare(right.createdAt) ||
    left.id.localeCompare(right.id)
  );
}

/**
 * Hands the executor, when a server starts, the runs an earlier server left to continue: those `queued`
 * (dropped from its scheduler at shutdown before they started), those `paused` by its shutdown, and its
 * managed runs that its process left `created` or in the middle of a step (`planning`, `running`: it died,
 * SIGKILL or a crash; the lost step is executed again, `continueAbandonedRun`). Each goes at the priority
 * its create asked for, highest first, then oldest first. Runs of a tenant whose kill switch is on are left
 * to the switch. Returns their ids, in the order submitted.
 *
 * @example
 * ```ts
 * const server = await startServer(context, { host, port });
 * await resubmitWaitingRuns(context); // inside startServer
 * ```
 */
export async function resubmitWaitingRuns(context: ServerContext): Promise<string[]> {
  const candidates: RunRecord[] = [];
  for (const status of ["queued", "paused", "created", "planning", "running"] as const)
    for (const run of await runsIn(context, status))
      if (
        !context.tenantKills.isOn(run.tenant ?? "default") &&
        isLeftToContinue(run, await context.store.readEvents(run.id))
      )
        candidates.push(run);
  const runs = candidates.sort(queueOrder);
  for (const run of runs) {
    const tenant = run.tenant ?? "default";
    const runtime = context.runtimeFor(tenant);
    void context.executor.submit({
      runId: run.id,
      tenant,
      priority: run.priority ?? 0,
      // Only a run that never started may wait `queued`; one that did stays as its log says until its turn.
      ...(run.status === "created" ? { onQueued: () => markRunQueued(runtime, run.id) } : {}),
      execute: (stop) => continueAbandonedRun(runtime, run.id, { stop }),
    });
  }
  return runs.map((run) => run.id);
}
