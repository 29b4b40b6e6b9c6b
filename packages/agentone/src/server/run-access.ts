import { nanoToUsd } from "../budget/money.js";
import { NotFoundError } from "../core/errors/index.js";
import type { RunRecord, Store } from "../store/store.js";
import type { RunSummary } from "./schemas/run-schemas.js";
import type { Principal } from "./server-context.js";

/** Whether the principal may see runs of `tenant`: its own tenant, or any for an admin. */
export function canSee(principal: Principal, tenant: string): boolean {
  return principal.role === "admin" || principal.tenant === tenant;
}

/**
 * The run, if the principal may see it. Another tenant's run is "not found", exactly like a run that does
 * not exist: a 403 would tell a foreign key that the id is in use. Only exact ids: a prefix could probe.
 */
export async function findVisibleRun(store: Store, principal: Principal, runId: string): Promise<RunRecord> {
  const run = await store.getRun(runId);
  if (run === undefined || !canSee(principal, run.tenant ?? "default")) throw new NotFoundError("run", runId);
  return run;
}

/** The run as the API shows it, with the links to what a client reads next. */
export function runSummaryOf(run: RunRecord): RunSummary {
  const self = `/v1/runs/${run.id}`;
  return {
    id: run.id,
    tenant: run.tenant ?? "default",
    goal: run.goal,
    workspace: run.workspace,
    status: run.status,
    outcome: run.outcome,
    terminationReason: run.terminationReason,
    parentRunId: run.parentRunId,
    costUsd: nanoToUsd(run.costNanoUsd),
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    links: { self, report: `${self}/report`, cost: `${self}/cost`, events: `${self}/events` },
  };
}
