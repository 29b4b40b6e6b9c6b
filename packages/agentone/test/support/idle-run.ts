import { currentSchemaVersion, type EventOf } from "../../src/core/events/run-event.js";
import { type RunTask, validateRunTask } from "../../src/engine/lifecycle/run-task.js";
import type { Runtime } from "../../src/engine/runtime.js";

/**
 * Creates a run in the runtime's store as `startRun` does, but executes nothing: a run a caller with only
 * its id (the REST API, the gateway) charges model calls to.
 */
export async function createIdleRun(runtime: Runtime, task: Partial<RunTask> = {}): Promise<string> {
  const validated = await validateRunTask(
    { goal: "serve chat calls", workspace: ".", ...task },
    runtime.defaultPolicy,
  );
  const runId = runtime.ids.next("run");
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
      costNanoUsd: 0,
      createdAt: at,
      updatedAt: at,
    },
    [start],
  );
  return runId;
}
