import { ConfigError, KillSwitchTriggeredError } from "../../core/errors/index.js";
import { currentSchemaVersion, type EventOf } from "../../core/events/run-event.js";
import { initialRunState } from "../../core/run-state/fold-run-state.js";
import { RunLog } from "../run-log.js";
import type { Runtime } from "../runtime.js";
import { type RunTask, type ValidatedRunTask, validateRunTask } from "./run-task.js";

/**
 * Creates a run and executes nothing: its id names the budget, policy and log that a caller with only the
 * id charges model calls to (`callModelForRun`, `streamModelForRun`). Validates the task first: bad input
 * throws ConfigError and writes nothing; so does a global kill switch (KillSwitchTriggeredError).
 *
 * @example
 * ```ts
 * const runId = await createRun(runtime, { goal: "Answer support tickets", workspace: ".", limits: { usd: 1 } });
 * const result = await callModelForRun(runtime, { runId, request: { messages } });
 * ```
 */
export async function createRun(
  runtime: Runtime,
  task: RunTask,
  options: RunOwnership = {},
): Promise<string> {
  const validated = await admitRunTask(runtime, task);
  return (await writeRunStart(runtime, runtime.ids.next("run"), { ...validated, ...options })).runId;
}

/** Whose run it is: the tenant kept on the run row (not in its events); absent: `default`. */
export interface RunOwnership {
  tenant?: string;
}

/** A server's managed run: its queue priority, kept on the run row (not in its events) for a restart. */
export interface RunScheduling {
  priority?: number;
}

/**
 * Validates the task of a new run and refuses it (ConfigError, KillSwitchTriggeredError) before anything is
 * written. Split from {@link writeRunStart} so that `startRun` can claim the run between the two.
 */
export async function admitRunTask(runtime: Runtime, task: RunTask): Promise<ValidatedRunTask> {
  const validated = await validateRunTask(task, runtime.defaultPolicy);
  if (validated.model !== null) runtime.backends.resolve(validated.model);
  // Without a single model every step would be refused; say so now rather than as a failed run.
  if (runtime.backends.catalog.list().length === 0)
    throw new ConfigError("no model is available: the runtime's catalog is empty", { key: "models" });
  // While the global kill switch is on, new runs are refused outright: nothing is created.
  if (await runtime.killSwitch.isGlobalOn()) {
    throw new KillSwitchTriggeredError("global");
  }
  return validated;
}

/**
 * Creates run `runId` (its `run-start` event and its row, in one transaction) and returns its log. The
 * tenant and priority, if given, go on the row only: the events, and so replays and benchmarks, do not
 * change.
 * `validated.external` makes it an external run (see `createExternalRun`).
 */
export async function writeRunStart(
  runtime: Runtime,
  runId: string,
  validated: ValidatedRunTask & RunOwnership & RunScheduling & { external?: { reservationTtlMs: number } },
): Promise<RunLog> {
  const at = new Date(runtime.clock.now()).toISOString();
  const start: EventOf<"run-start"> = {
    schemaVersion: currentSchemaVersion,
    runId,
    seq: 0,
    at,
    type: "run-start",
    goal: validated.goal,
    workspace: validated.workspace,
    options: {
      limits: validated.limits,
      onExhaust: validated.onExhaust,
      model: validated.model,
      seed: validated.seed,
      budgetPrompt: validated.budgetPrompt,
      warnAt: validated.warnAt,
      temperature: validated.temperature,
      policy: validated.policy,
      ...(validated.cache ? { cache: validated.cache } : {}),
      ...(validated.onUsageAnomaly ? { onUsageAnomaly: validated.onUsageAnomaly } : {}),
      ...(validated.external ? { external: validated.external } : {}),
      // Written only when manual, so an automatic run's log is what it was before stepping existed.
      ...(validated.stepping === "manual" ? { stepping: "manual" as const } : {}),
    },
    parentRunId: null,
  };
  await runtime.store.createRun(
    {
      id: runId,
      goal: validated.goal,
      workspace: validated.workspace,
      status: "created",
      outcome: null,
      terminationReason: null,
      parentRunId: null,
      ...(validated.tenant === undefined ? {} : { tenant: validated.tenant }),
      ...(validated.priority === undefined ? {} : { priority: validated.priority }),
      costNanoUsd: 0,
      createdAt: at,
      updatedAt: at,
    },
    [start],
  );
  runtime.onEvent(start);
  return RunLog.forRuntime(runtime, [start], initialRunState(start));
}
