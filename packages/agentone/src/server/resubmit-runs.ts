import { continueRun } from "../engine/lifecycle/continue-run.js";
import type { RunRecord } from "../store/store.js";
import type { ServerContext } from "./server-context.js";

/** Every run of the store in `status`, newest first, page by page. */
async function runsIn(context: ServerContext, status: string): Promise<RunRecord[]> {
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

/** Whether the run's last pause was a shutdown's (not a manual step's, which waits for its next request). */
async function pausedByShutdown(context: ServerContext, runId: string): Promise<boolean> {
  const events = await context.store.readEvents(runId);
  const pause = events.findLast((event) => event.type === "run-transition" && event.to === "paused");
  return pause?.type === "run-transition" && pause.reason === "shutdown";
}

/**
 * Hands the executor, when a server starts, the runs an earlier server left to continue: those `queued`
 * (dropped from its scheduler at shutdown before they started) and those `paused` by its shutdown. Oldest
 * first, at priority 0 (a run's create priority is not recorded). Returns their ids.
 *
 * @example
 * ```ts
 * const server = await startServer(context, { host, port });
 * await resubmitWaitingRuns(context); // inside startServer
 * ```
 */
export async function resubmitWaitingRuns(context: ServerContext): Promise<string[]> {
  const queued = await runsIn(context, "queued");
  const paused: RunRecord[] = [];
  for (const run of await runsIn(context, "paused"))
    if (await pausedByShutdown(context, run.id)) paused.push(run);
  const runs = [...queued, ...paused].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
  );
  for (const run of runs) {
    const tenant = run.tenant ?? "default";
    const runtime = context.runtimeFor(tenant);
    void context.executor.submit({
      runId: run.id,
      tenant,
      priority: 0,
      execute: (stop) => continueRun(runtime, run.id, { stop }),
    });
  }
  return runs.map((run) => run.id);
}
