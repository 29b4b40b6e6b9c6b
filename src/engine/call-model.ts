import type { ModelResponse, ToolDefinition } from "../backends/model-backend.js";
import { budgetStatus, newlyCrossedThresholds } from "../budget/remaining.js";
import { ModelCallError } from "../core/errors/index.js";
import type { NestedCall, StepKind } from "../core/events/payload-schemas.js";
import type { Message } from "../core/messages.js";
import { activeElapsedMs } from "../core/run-state/fold-run-state.js";
import { decideFallback } from "../policy/decide-fallback.js";
import type { StepDecision } from "../policy/step-decision.js";
import { type Sampling, varySampling } from "../policy/vary-sampling.js";
import { callSignal, earliestDeadline, type StepDeadlines } from "./deadlines.js";
import { attemptModelCall, emitCircuitTransition } from "./model-attempt.js";
import { type CacheFollowUp, consultCaches } from "./model-cache/consult-caches.js";
import { retryDelayMs } from "./retry-backoff.js";
import { routingInput, runPolicy } from "./routing-input.js";
import type { RunContext } from "./run-context.js";

export interface ModelCallInput {
  step: number;
  kind: StepKind;
  decision: StepDecision;
  messages: Message[];
  tools: ToolDefinition[];
  /** The step's estimate of the request's input tokens (the same request the decision was made for). */
  estimatedInputTokens: number;
  deadlines: StepDeadlines;
  /** The termination summary may spend the held-back budget slice. */
  useHoldback: boolean;
  /** Set when a tool makes the call (see `nestedModelCaller`): recorded on every event of the call. */
  nested?: NestedCall;
}

/** What the step's call came to: the answer, and the decision that produced it (after any fallback). */
export interface ModelCallResult {
  response: ModelResponse;
  decision: StepDecision;
  /** Time spent in model calls for this step, including failed attempts and waits. */
  latencyMs: number;
}

/** Emits a budget-warning for each dimension that crossed the soft threshold. */
export function emitBudgetWarnings(context: RunContext): void {
  const { state } = context.log;
  const statuses = budgetStatus(state.limits, state.usage, activeElapsedMs(state, context.log.nowIso()));
  for (const status of newlyCrossedThresholds(statuses, {
    warnAt: state.options.warnAt,
    alreadyWarned: state.warned,
  })) {
    context.log.emit({
      type: "budget-warning",
      dimension: status.dimension,
      fractionUsed: status.fractionUsed,
      used: status.used,
      limit: status.limit,
    });
  }
}

/** Failures another model may succeed where this one failed. A bad request fails everywhere. */
const fallbackFailures = new Set([
  "rate_limit",
  "server",
  "overloaded",
  "timeout",
  "connection",
  "cut_stream",
  "model_output",
  "context_length",
  "authentication",
  "not_found",
  "circuit_open",
]);

/** The next model after `failed` models, budget- and health-checked like any decision (pure policy). */
function nextModel(
  context: RunContext,
  input: ModelCallInput & { failedModels: string[]; fromModel: string; failure: string },
): StepDecision {
  return decideFallback({
    ...routingInput(context, {
      kind: input.kind,
      estimatedInputTokens: input.estimatedInputTokens,
      useHoldback: input.useHoldback,
      withStepLimits: true,
    }),
    fromModel: input.fromModel,
    failedModels: input.failedModels,
    failure: input.failure,
  });
}

/** Retries the run and the step may still count (Infinity when neither is limited). */
function retriesLeft(context: RunContext): number {
  const { limits, spent, step } = context.ledger.snapshot();
  const run = limits.retries === undefined ? Number.POSITIVE_INFINITY : limits.retries - spent.retries;
  const ofStep =
    limits.step?.retries === undefined ? Number.POSITIVE_INFINITY : limits.step.retries - step.spent.retries;
  return Math.min(run, ofStep);
}

/**
 * One attempt; if it ends without a verdict on the backend (a budget refusal before sending, the kill
 * switch, a deadline), a half-open circuit's probe slot is given back, so the circuit cannot stay wedged.
 */
async function attemptWithProbeRelease(
  context: RunContext,
  backend: string,
  input: Parameters<typeof attemptModelCall>[1],
): ReturnType<typeof attemptModelCall> {
  let settled = false;
  try {
    const outcome = await attemptModelCall(context, input);
    settled = outcome.ok || outcome.error.failure !== "aborted";
    return outcome;
  } finally {
    if (!settled) context.runtime.health.releaseProbe(backend);
  }
}

async function wait(context: RunContext, input: { deadlines: StepDeadlines; waitMs: number }): Promise<void> {
  const waiting = callSignal(context, input.deadlines);
  try {
    await context.runtime.clock.sleep(input.waitMs, waiting.signal);
  } finally {
    waiting.dispose();
  }
}

/**
 * The step's model call with the reliability policy: retries with exponential backoff and seeded jitter
 * (honouring the server's wait hint up to a cap), a circuit breaker per backend, and a fallback chain
 * (another remote, then local) once a model's attempts are used up, its circuit is open, or it fails in a
 * way another model may not (context length, authentication). Each retry and each fallback counts against
 * the `retries` budget at run and step scope; each fallback target is routed within the remaining budget.
 *
 * Throws BudgetExceededError when a reservation, a retry or the deadline does not fit;
 * KillSwitchTriggeredError when killed; ModelCallError when no attempt succeeded and nothing is left to try.
 */
export async function callModel(context: RunContext, input: ModelCallInput): Promise<ModelCallResult> {
  const { runtime, log, ledger } = context;
  const policy = runPolicy(context);
  const failedModels: string[] = [];
  const startedAt = runtime.clock.now();
  let decision = input.decision;
  let attempt = 0;
  let attemptsOnModel = 0;
  let cacheFollowUp: CacheFollowUp | undefined;
  // Set after the server could not use the model's output: the next attempt must not repeat the request.
  let sampling: Sampling | undefined;
  const nested = input.nested ? { nested: input.nested } : {};
  for (;;) {
    const { backend, model } = runtime.backends.resolve(decision.model);
    attempt++;
    attemptsOnModel++;
    if (attemptsOnModel === 1) {
      // Before the first attempt on a model (the step's, or a fallback's): a cached answer needs no call,
      // so it is served before the circuit is asked and whatever the backend's health.
      const cached = await consultCaches(context, {
        step: input.step,
        kind: input.kind,
        attempt,
        model,
        backend: backend.name,
        messages: input.messages,
        tools: input.tools,
        maxOutputTokens: decision.maxOutputTokens,
        ...nested,
      });
      if (cached.served) {
        emitBudgetWarnings(context);
        return { response: cached.served, decision, latencyMs: runtime.clock.now() - startedAt };
      }
      cacheFollowUp = cached.followUp;
    }
    const admission = runtime.health.admit(backend.name);
    emitCircuitTransition(context, admission.transition);
    const outcome = admission.admitted
      ? await attemptWithProbeRelease(context, backend.name, {
          step: input.step,
          model,
          maxOutputTokens: decision.maxOutputTokens,
          messages: input.messages,
          tools: input.tools,
          estimatedInputTokens: input.estimatedInputTokens,
          deadlines: input.deadlines,
          useHoldback: input.useHoldback,
          attempt,
          ...(cacheFollowUp ? { cache: cacheFollowUp } : {}),
          ...(sampling ? { sampling } : {}),
          ...nested,
        })
      : {
          ok: false as const,
          error: new ModelCallError(
            "overloaded",
            `${backend.name} is failing (circuit open); call not sent`,
            {
              retryable: true,
            },
          ),
          circuitOpen: true,
        };
    if (outcome.ok) {
      emitBudgetWarnings(context);
      return { response: outcome.response, decision, latencyMs: runtime.clock.now() - startedAt };
    }
    const failure = outcome.error;
    const kind = "circuitOpen" in outcome ? "circuit_open" : failure.failure;
    // A circuit this failure opened (or found open) refuses the next attempt anyway: move on at once.
    const circuitOpen = kind === "circuit_open" || runtime.health.circuit(backend.name).state === "open";
    if (attempt >= policy.retry.maxAttemptsPerStep) throw failure;
    // With a single retry left, another model is a better use of it than the model that just failed.
    const lastRetry = retriesLeft(context) <= 1;
    const spent = attemptsOnModel >= policy.fallback.attemptsPerModel || !failure.retryable || lastRetry;
    const hintTooLong =
      failure.retryAfterMs !== undefined && failure.retryAfterMs > policy.retry.maxServerWaitMs;
    if (fallbackFailures.has(kind) && (spent || circuitOpen || hintTooLong)) {
      const next = nextModel(context, {
        ...input,
        failedModels: [...failedModels, decision.model],
        fromModel: decision.model,
        failure: kind,
      });
      if (next.allowed) {
        failedModels.push(decision.model);
        // A fallback is another attempt at the step's call: it counts as a retry, like any other.
        ledger.countRetry();
        log.emit({
          type: "fallback-select",
          step: input.step,
          fromModel: decision.model,
          failure: kind,
          decision: next,
          ...nested,
        });
        decision = next;
        attemptsOnModel = 0;
        sampling = undefined;
        continue;
      }
    }
    if (!failure.retryable) throw failure;
    const waitMs = circuitOpen
      ? Math.max(runtime.health.coolDownLeftMs(backend.name), policy.retry.baseDelayMs)
      : retryDelayMs({
          attempt: attemptsOnModel,
          random: context.random,
          settings: policy.retry,
          ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
        });
    const deadline = earliestDeadline(input.deadlines);
    if (deadline !== null && runtime.clock.now() + waitMs >= deadline) throw failure;
    // Counted only when it will happen, together with its event, so the ledger and the log agree.
    ledger.countRetry();
    let reason: string = circuitOpen ? "circuit_open" : kind;
    if (kind === "model_output") {
      // The same request would get the same unusable output: vary the sampling, and say how.
      const { options } = log.state;
      const varied = varySampling({ seed: options.seed, temperature: options.temperature }, attemptsOnModel);
      sampling = varied.sampling;
      reason = varied.variation;
    }
    log.emit({
      type: "retry-schedule",
      step: input.step,
      attempt: attempt + 1,
      model: decision.model,
      waitMs,
      reason,
      ...nested,
    });
    await wait(context, { deadlines: input.deadlines, waitMs });
  }
}
