import { nanoToUsd, usdToNano } from "../../budget/money.js";
import type { BudgetLimits } from "../../core/budget-limits.js";
import { KillSwitchTriggeredError, UsageError } from "../../core/errors/index.js";
import type { EventOf, RunEvent } from "../../core/events/run-event.js";
import type { RunResult } from "../lifecycle/execute-run.js";
import { type RunTask, validateRunTask } from "../lifecycle/run-task.js";
import type { Runtime } from "../runtime.js";
import { continueFromHistory } from "./continue-from-history.js";

/** What a fork starts from and what it changes. */
export interface ForkInput {
  /** The run to fork (a full id). */
  runId: string;
  /** The first step the fork runs live; the steps before it are inherited from the recording. */
  fromStep: number;
  /** Pin this model from `fromStep` on (null: unpin; absent: as the parent). */
  model?: string | null;
  /** The fork's dollar limit, counting what the inherited steps spent. */
  budgetUsd?: number;
  onExhaust?: RunTask["onExhaust"];
}

/** Events runStep emits for the step it is about to start, and stop-rule breaches: the fork re-decides them. */
function belongsToNextStep(event: RunEvent): boolean {
  if (event.type === "budget-exceeded") return true;
  return event.type === "run-transition" && event.reason.endsWith(" step");
}

/** The events before step `fromStep` begins (without what its own start emitted). */
function inheritedPrefix(events: readonly RunEvent[], fromStep: number): RunEvent[] {
  const steps = events.flatMap((event) => (event.type === "step-start" ? [event.step] : []));
  const last = Math.max(0, ...steps);
  if (!Number.isInteger(fromStep) || fromStep < 1 || fromStep > last)
    throw new UsageError(
      last === 0
        ? `run ${events[0]?.runId} has no steps to fork from`
        : `--from-step must be a step of run ${events[0]?.runId}: 1 to ${last}, not ${fromStep}`,
    );
  let end = events.findIndex((event) => event.type === "step-start" && event.step === fromStep);
  while (end > 1 && belongsToNextStep(events[end - 1] as RunEvent)) end--;
  return events.slice(1, end);
}

const iso = (time: number) => new Date(time).toISOString();

/**
 * Forks a run: a new run (its parent the original, `forkedFrom` naming run and step) that inherits the
 * recorded events of the steps before `fromStep` (copied, not executed: no model is called and no tool
 * runs for them) and continues live from there, optionally on another model, budget or termination policy.
 * The inherited events keep their spacing in time and end now. Throws UsageError for a step the run does
 * not have, ConfigError for bad overrides, both before anything is written.
 *
 * @example
 * ```ts
 * const fork = await forkRun(runtime, { runId, fromStep: 4, model: "sim-premium", budgetUsd: 0.5 });
 * ```
 */
/**
 * A fork's dollar cap is what the caller asks for. The copied events may include resumes that raised the
 * parent's budget (`run-input.addUsd`), and the fold adds those to the run's limits: take them off here so
 * that they are not counted twice. A cap below what the copied resumes added cannot be expressed, and is
 * refused.
 */
function forkLimits(limits: BudgetLimits, prefix: readonly RunEvent[], budgetUsd: number): BudgetLimits {
  const inheritedNano = prefix.reduce(
    (sum, event) => sum + (event.type === "run-input" && event.addUsd ? usdToNano(event.addUsd) : 0),
    0,
  );
  // Nothing inherited: the cap is the caller's, validated like any other limit.
  if (inheritedNano === 0) return { ...limits, usd: budgetUsd };
  const usd = nanoToUsd(usdToNano(budgetUsd) - inheritedNano);
  if (usd < 0)
    throw new UsageError(
      `--budget-usd ${budgetUsd} is below the $${nanoToUsd(inheritedNano)} the parent's resumes added in the steps it copies; fork with a larger budget or from an earlier step`,
    );
  return { ...limits, usd };
}

export async function forkRun(runtime: Runtime, input: ForkInput): Promise<RunResult> {
  const events = await runtime.store.readEvents(input.runId);
  const parent = events[0] as EventOf<"run-start">;
  const prefix = inheritedPrefix(events, input.fromStep);
  const options = parent.options;
  const validated = await validateRunTask(
    {
      goal: parent.goal,
      workspace: parent.workspace,
      limits:
        input.budgetUsd === undefined ? options.limits : forkLimits(options.limits, prefix, input.budgetUsd),
      onExhaust: input.onExhaust ?? options.onExhaust,
      model: input.model === undefined ? options.model : input.model,
      seed: options.seed,
      budgetPrompt: options.budgetPrompt,
      temperature: options.temperature,
      warnAt: options.warnAt,
      ...(options.policy ? { policy: options.policy } : {}),
      ...(options.cache ? { cache: options.cache } : {}),
      ...(options.onUsageAnomaly ? { onUsageAnomaly: options.onUsageAnomaly } : {}),
    },
    runtime.defaultPolicy,
  );
  if (validated.model !== null) runtime.backends.resolve(validated.model);
  if (await runtime.killSwitch.isGlobalOn()) throw new KillSwitchTriggeredError("global");
  const runId = runtime.ids.next("run");
  const lastAt = Date.parse((prefix.at(-1) ?? parent).at);
  const shift = runtime.clock.now() - lastAt;
  const start: EventOf<"run-start"> = {
    ...parent,
    runId,
    at: iso(Date.parse(parent.at) + shift),
    options: {
      ...options,
      limits: validated.limits,
      onExhaust: validated.onExhaust,
      model: validated.model,
    },
    parentRunId: input.runId,
    forkedFrom: { runId: input.runId, step: input.fromStep, inheritedEvents: prefix.length },
  };
  const inherited = prefix.map((event) => ({ ...event, runId, at: iso(Date.parse(event.at) + shift) }));
  return continueFromHistory(runtime, { start, inherited });
}
