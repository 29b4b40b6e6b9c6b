import { ConfigError, KillSwitchTriggeredError } from "../../core/errors/index.js";
import { currentSchemaVersion, type EventOf } from "../../core/events/run-event.js";
import { initialRunState } from "../../core/run-state/fold-run-state.js";
import { RunLog } from "../run-log.js";
import type { Runtime } from "../runtime.js";
import { executeRun, type RunResult } from "./execute-run.js";
import { type RunTask, validateRunTask } from "./run-task.js";

/**
 * Starts a run and drives it to an end (or to a wait for a human). Validates the task first: bad input
 * throws ConfigError and writes nothing; so does a global kill switch (KillSwitchTriggeredError).
 *
 * @example
 * ```ts
 * const result = await startRun(runtime, { goal: "Triage the CI failure in ci.log", workspace: "examples/ci-failure",
 *   limits: { usd: 0.25 }, onExhaust: ["best-effort"] });
 * console.log(result.status, result.outcome, result.answer);
 * ```
 */
export async function startRun(runtime: Runtime, task: RunTask): Promise<RunResult> {
  const validated = await validateRunTask(task, runtime.defaultPolicy);
  if (validated.model !== null) runtime.backends.resolve(validated.model);
  // Without a single model every step would be refused; say so now rather than as a failed run.
  if (runtime.backends.catalog.list().length === 0)
    throw new ConfigError("no model is available: the runtime's catalog is empty", { key: "models" });
  // While the global kill switch is on, new runs are refused outright: nothing is created.
  if (await runtime.killSwitch.isGlobalOn()) {
    throw new KillSwitchTriggeredError("global");
  }
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
      ...(validated.onUsageAnomaly ? { onUsageAnomaly: validated.onUsageAnomaly } : {}),
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
  runtime.onEvent(start);
  const log = new RunLog({
    events: [start],
    state: initialRunState(start),
    store: runtime.store,
    clock: runtime.clock,
    onEvent: runtime.onEvent,
  });
  return executeRun(runtime, log);
}
