import { KillSwitchTriggeredError, UnavailableError, UnprocessableError } from "../core/errors/index.js";
import { sha256Hex, stableJson } from "../core/stable-json.js";
import { admitRunTask, writeRunStart } from "../engine/lifecycle/create-run.js";
import type { RunResult } from "../engine/lifecycle/execute-run.js";
import type { RunTask } from "../engine/lifecycle/run-task.js";
import type { RunRecord } from "../store/store.js";
import { executeStoredRun } from "./execute-stored-run.js";
import type { CreateRunRequest } from "./schemas/run-schemas.js";
import type { Principal, ServerContext } from "./server-context.js";
import { allowedWorkspace } from "./workspace-roots.js";

/** One SLA for every step kind but the termination summary, as `agentone run --sla-seconds` sets it. */
function slaForEveryKind(milliseconds: number) {
  return { plan: milliseconds, replan: milliseconds, act: milliseconds, final: milliseconds };
}

/** The engine's task for a create request (the workspace already checked against the roots). */
function taskOf(request: CreateRunRequest, workspace: string): RunTask {
  const { latencySlaMs, policy, priority: _priority, ...rest } = request;
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
  /** Settles when the run stops executing (an end or a wait); null for a run an earlier request made. */
  execution: Promise<RunResult | null> | null;
}

/**
 * Creates a managed run for the principal's tenant and hands it to the executor. Checks everything before
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
    await writeRunStart(runtime, runId, { ...validated, tenant });
  } catch (error) {
    if (idempotencyKey !== undefined)
      await context.store.releaseIdempotencyKey({ tenant, key: idempotencyKey });
    throw error;
  }
  const execution = context.executor.submit({
    runId,
    tenant,
    priority: request.priority,
    execute: () => executeStoredRun(runtime, runId),
  });
  const run = await context.store.getRun(runId);
  if (run === undefined) throw new UnavailableError(`run ${runId} vanished after it was created`);
  return { run, created: true, execution };
}
