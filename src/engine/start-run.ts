import { Ledger } from "../budget/ledger.js";
import type { Holdback } from "../budget/model-reservation.js";
import { usdToNano } from "../budget/money.js";
import type { BudgetLimits } from "../core/budget-limits.js";
import {
  InvalidStateTransitionError,
  KillSwitchTriggeredError,
  toAgentOneError,
} from "../core/errors/index.js";
import { currentSchemaVersion, type EventOf, type RunEvent } from "../core/events/run-event.js";
import { createRandom } from "../core/random.js";
import { foldRunState, initialRunState } from "../core/run-state/fold-run-state.js";
import type { RunOutcome, RunStatus } from "../core/run-status.js";
import { driveRun } from "./agent-loop.js";
import { finishRun } from "./finish-run.js";
import type { RunContext } from "./run-context.js";
import { RunLog } from "./run-log.js";
import { type RunTask, validateRunTask } from "./run-task.js";
import type { Runtime } from "./runtime.js";
import { terminationPolicyOf } from "./terminate.js";

/** What a run came to. `status` `awaiting_input` means the run waits for `resumeRun`. */
export interface RunResult {
  runId: string;
  status: RunStatus;
  outcome: RunOutcome | null;
  terminationReason: string | null;
  answer: string | null;
  costUsd: number;
}

/** Share of each limited budget kept back for the closing summary when the policy is `summarize`. */
export const summaryReserveFraction = 0.1;

function holdbackFor(
  limits: BudgetLimits,
  onExhaust: readonly string[],
): { holdback: Holdback; terminationSliceMs: number } {
  if (terminationPolicyOf(onExhaust) !== "summarize") return { holdback: {}, terminationSliceMs: 0 };
  const holdback: Holdback = {};
  if (limits.usd !== undefined) holdback.nanoUsd = usdToNano(limits.usd * summaryReserveFraction);
  if (limits.tokens !== undefined) holdback.tokens = Math.floor(limits.tokens * summaryReserveFraction);
  if (limits.steps !== undefined && limits.steps > 1) holdback.steps = 1;
  if (limits.modelCalls !== undefined && limits.modelCalls > 1) holdback.modelCalls = 1;
  const terminationSliceMs =
    limits.wallClockMs === undefined
      ? 0
      : Math.min(60_000, Math.floor(limits.wallClockMs * summaryReserveFraction));
  return { holdback, terminationSliceMs };
}

async function execute(runtime: Runtime, input: { events: RunEvent[]; log: RunLog }): Promise<RunResult> {
  const { log } = input;
  const state = log.state;
  const { holdback, terminationSliceMs } = holdbackFor(state.limits, state.options.onExhaust);
  const killController = new AbortController();
  const context: RunContext = {
    runtime,
    log,
    ledger: new Ledger({
      limits: state.limits,
      nextId: () => runtime.ids.next("reservation"),
      spent: state.usage,
      holdback,
    }),
    random: createRandom(state.options.seed).fork(`retry:${state.lastSeq}`),
    killSignal: killController.signal,
    holdback,
    terminationSliceMs,
  };
  const unwatch = runtime.killSwitch.watch(state.runId, (scope) =>
    killController.abort(new KillSwitchTriggeredError(scope)),
  );
  try {
    await driveRun(context);
  } catch (error) {
    // An unexpected error must still leave a finished, readable run behind.
    const failure = toAgentOneError(error);
    await finishRun(log, {
      status: "failed",
      outcome: "partial",
      reason: `internal_error:${failure.code}`,
      answer: log.state.lastAssistantText,
    });
    throw failure;
  } finally {
    unwatch();
  }
  const final = log.state;
  return {
    runId: final.runId,
    status: final.status,
    outcome: final.outcome,
    terminationReason:
      final.terminationReason ?? (final.status === "awaiting_input" ? "awaiting_input" : null),
    answer: final.answer,
    costUsd: final.usage.nanoUsd / 1e9,
  };
}

/**
 * Starts a run and drives it to an end (or to a wait for a human). Validates the task first: bad input
 * throws ConfigError and writes nothing.
 *
 * @example
 * ```ts
 * const result = await startRun(runtime, { goal: "Triage the CI failure in ci.log", workspace: "examples/ci-failure",
 *   limits: { usd: 0.25 }, onExhaust: ["best-effort"] });
 * console.log(result.status, result.outcome, result.answer);
 * ```
 */
export async function startRun(runtime: Runtime, task: RunTask): Promise<RunResult> {
  const validated = await validateRunTask(task);
  if (validated.model !== null) runtime.backends.resolve(validated.model);
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
  runtime.onEvent?.(start);
  const log = new RunLog({
    events: [start],
    state: initialRunState(start),
    store: runtime.store,
    clock: runtime.clock,
    ...(runtime.onEvent ? { onEvent: runtime.onEvent } : {}),
  });
  return execute(runtime, { events: [start], log });
}

/** What a resume may add: more dollars, more tokens, and an instruction the model will read. */
export interface ResumeInput {
  addUsd?: number;
  addTokens?: number;
  input?: string;
}

/**
 * Continues a run that waits for a human (`awaiting_input` or `paused`), from its log.
 *
 * @example
 * ```ts
 * const result = await resumeRun(runtime, "run_01kx3c9d7q4m8z", { addUsd: 0.5, input: "Focus on src/cart.js" });
 * ```
 */
export async function resumeRun(runtime: Runtime, runId: string, resume: ResumeInput): Promise<RunResult> {
  const events = await runtime.store.readEvents(runId);
  const state = foldRunState(events);
  if (state.status !== "awaiting_input" && state.status !== "paused") {
    throw new InvalidStateTransitionError(state.status, "running", { runId });
  }
  const log = new RunLog({
    events,
    state,
    store: runtime.store,
    clock: runtime.clock,
    ...(runtime.onEvent ? { onEvent: runtime.onEvent } : {}),
  });
  log.emit({
    type: "run-input",
    text: resume.input ?? null,
    ...(resume.addUsd === undefined ? {} : { addUsd: resume.addUsd }),
    ...(resume.addTokens === undefined ? {} : { addTokens: resume.addTokens }),
  });
  log.transition("running", "resumed");
  await log.commit();
  return execute(runtime, { events, log });
}
