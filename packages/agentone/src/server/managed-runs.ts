import {
  KillSwitchTriggeredError,
  RequestInvalidError,
  UnavailableError,
  UnprocessableError,
} from "../core/errors/index.js";
import { sha256Hex, stableJson } from "../core/stable-json.js";
import { createExternalRun } from "../engine/external-run/index.js";
import { continueRun } from "../engine/lifecycle/continue-run.js";
import { admitRunTask, writeRunStart } from "../engine/lifecycle/create-run.js";
import type { RunResult } from "../engine/lifecycle/execute-run.js";
import { markRunQueued } from "../engine/lifecycle/queue-run.js";
import type { RunTask } from "../engine/lifecycle/run-task.js";
import type { RunRecord } from "../store/store.js";
import type { CreateRunRequest } from "./schemas/run-schemas.js";
import type { Principal, ServerContext } from "./server-context.js";
import { allowedWorkspace } from "./workspace-roots.js";

/** One SLA for every step kind but the termination summary, as `agentone run --sla-seconds` sets it. */
function slaForEveryKind(milliseconds: number) {
  return { plan: milliseconds, replan: milliseconds, act: milliseconds, final: milliseconds };
}

/** The engine's task for a create request (the workspace already checked against the roots). */
function taskOf(request: CreateRunRequest, workspace: string): RunTask {
  const { latencySlaMs, policy, priority: _priority, mode: _mode, reservationTtlMs: _ttl, ...rest } = request;
  const withSla =
    latencySlaMs === undefined ? policy : { ...policy, latencySlaMs: slaForEveryKind(latencySlaMs) };
  return {
    ...rest,
    workspace,
    ...(withSla === undefined ? {} : { policy: withSla }),
  } as RunTask;
}

/** What a create came to: the run, whether this request made it, and its execution (null: not this request's). */
export interface CreatedRun {
  run: RunRecord;
  created: boolean;
  /**
   * Settles when the run stops executing (an end or a wait); null for a run an earlier request made, an
   * external run (the caller executes it) and a manual run (it executes one step per `POST .../step`).
   */
  execution: Promise<RunResult | null> | null;
}

/** Fields that belong to one mode only are refused in the other, by name, before anything is written. */
function refuseOtherModesFields(request: CreateRunRequest): void {
  const misplaced =
    request.mode === "external"
      ? request.stepping === undefined
        ? []
        : [{ path: "body.stepping", message: "external runs are stepped by their caller; omit `stepping`" }]
      : request.reservationTtlMs === undefined
        ? []
        : [
            {
              path: "body.reservationTtlMs",
              message: "only external runs hold reservations between requests",
            },
          ];
  if (misplaced.length > 0)
    throw new RequestInvalidError(
      `the request's body is invalid: ${misplaced.map((problem) => problem.path).join(", ")}`,
      misplaced,
    );
}

/**
 * Creates a run for the principal's tenant. A managed run is handed to the executor (a manual one waits
 * for its first `POST .../step`); an external run is opened for its caller's loop. Checks everything before
 * writing: the workspace against the roots (422), the task (400), the kill switches (409). With an
 * idempotency key, a retry of the same request returns the run the first one made; the same key with a
 * different body is 422.
 */
export async function createManagedRun(
  context: ServerContext,
  input: { principal: Principal; request: CreateRunRequest; idempotencyKey: string | undefined },
): Promise<CreatedRun> {
  const { principal, request, idempotencyKey } = input;
  const tenant = principal.tenant;
  refuseOtherModesFields(request);
  if (!context.accepting())
    throw new UnavailableError("the server is shutting down; retry on another instance");
  const workspace = await allowedWorkspace(request.workspace, context.settings.workspaceRoots);
  const runtime = context.runtimeFor(tenant);
  if (context.tenantKills.isOn(tenant)) throw new KillSwitchTriggeredError("global");
  const validated = await admitRunTask(runtime, taskOf(request, workspace));
  const runId = runtime.ids.next("run");
  if (idempotencyKey !== undefined) {
    const requestHash = sha256Hex(stableJson(request));
    const earlier = await context.store.claimIdempotencyKey({
      tenant,
      key: idempotencyKey,
      runId,
      requestHash,
      createdAt: new Date(runtime.clock.now()).toISOString(),
    });
    if (earlier !== undefined) {
      if (earlier.requestHash !== requestHash)
        throw new UnprocessableError(
          `the Idempotency-Key '${idempotencyKey}' was used for a different request; use a new key`,
          { details: { field: "Idempotency-Key" } },
        );
      const run = await context.store.getRun(earlier.runId);
      // The first request claimed the key and is still creating its run: the client retried too soon.
      if (run === undefined)
        throw new UnavailableError(`the run of Idempotency-Key '${idempotencyKey}' is still being created`);
      return { run, created: false, execution: null };
    }
  }
  try {
    if (request.mode === "external")
      await createExternalRun(
        runtime,
        {
          ...taskOf(request, workspace),
          ...(request.reservationTtlMs === undefined ? {} : { reservationTtlMs: request.reservationTtlMs }),
        },
        { tenant, runId },
      );
    // The priority goes on the row: a restarted server queues the run again as it was.
    else await writeRunStart(runtime, runId, { ...validated, tenant, priority: request.priority });
  } catch (error) {
    if (idempotencyKey !== undefined)
      await context.store.releaseIdempotencyKey({ tenant, key: idempotencyKey });
    throw error;
  }
  const execution =
    request.mode === "external" || validated.stepping === "manual"
      ? null
      : context.executor.submit({
          runId,
          tenant,
          priority: request.priority,
          // Listings show a run that waits for a slot as `queued` (only a run not started yet can be).
          onQueued: () => markRunQueued(runtime, runId),
          execute: (stop) => continueRun(runtime, runId, { stop }),
        });
  const run = await context.store.getRun(runId);
  if (run === undefined) throw new UnavailableError(`run ${runId} vanished after it was created`);
  return { run, created: true, execution };
}
