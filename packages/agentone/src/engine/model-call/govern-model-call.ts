import type { ModelBackend, ModelResponse } from "../../backends/model-backend.js";
import type { StepDeadlines } from "../../budget/ledger.js";
import { failureTraits, ModelCallError } from "../../core/errors/index.js";
import type { ModelSpec } from "../../core/model-spec.js";
import { type Sampling, varySampling } from "../../policy/vary-sampling.js";
import { type CacheFollowUp, consultCaches } from "../model-cache/consult-caches.js";
import type { RunContext } from "../run-context.js";
import { callSignal } from "../step/deadlines.js";
import { runPolicy } from "../step/routing-input.js";
import { type AttemptInput, type AttemptOutcome, attemptModelCall } from "./attempt-model-call.js";
import { decideRecovery, type FailedAttempt } from "./decide-recovery.js";
import type { GovernedCallRequest, GovernedCallResult, PartDelivery } from "./governed-call.js";
import { recordCircuitTransition } from "./record-call.js";

/**
 * One attempt behind the circuit breaker. If the attempt ends without a verdict on the backend (a budget
 * refusal before sending, the kill switch, a deadline, a consumer that stopped reading), a half-open
 * circuit's probe slot is given back, so the circuit cannot stay wedged.
 */
async function attemptBehindCircuit(
  context: RunContext,
  input: AttemptInput,
): Promise<AttemptOutcome & { circuitOpen?: true }> {
  const { health } = context.runtime;
  const backend = input.backend.name;
  const admission = health.admit(backend);
  recordCircuitTransition(context, admission.transition);
  if (!admission.admitted) {
    const error = new ModelCallError("overloaded", `${backend} is failing (circuit open); call not sent`, {
      retryable: true,
    });
    return { ok: false, error, circuitOpen: true };
  }
  let settled = false;
  try {
    const outcome = await attemptModelCall(context, input);
    settled = outcome.ok || outcome.error.failure !== "aborted";
    return outcome;
  } finally {
    if (!settled) health.releaseProbe(backend);
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

/** The call in progress: the model it is on and what the attempts so far have learnt. */
interface CallProgress {
  decision: GovernedCallResult["decision"];
  backend: ModelBackend;
  model: ModelSpec;
  attempt: number;
  attemptsOnModel: number;
  failedModels: string[];
  cache: CacheFollowUp | undefined;
  // Set after the server could not use the model's output: the next attempt must not repeat the request.
  sampling: Sampling | undefined;
}

/**
 * Governs one model call from its routing decision to its recorded answer: cache lookup, reservation,
 * the attempt behind the backend's circuit breaker, retries with backoff, fallback to other models,
 * settlement and events. The agent loop's step, a tool's nested call and a caller with only a run id all
 * go through it.
 *
 * Retries and fallbacks count against the `retries` budget at run and step scope; each fallback target
 * is routed within the remaining budget. A streamed call (`delivery`) is retried or sent elsewhere only
 * before its first delta has reached the consumer.
 *
 * Throws BudgetExceededError when a reservation, a retry or the deadline does not fit;
 * KillSwitchTriggeredError when killed; ModelCallError when no attempt succeeded and nothing is left to try.
 */
export async function runGovernedCall(
  context: RunContext,
  request: GovernedCallRequest,
  delivery: PartDelivery | null,
): Promise<GovernedCallResult> {
  const { runtime, log, ledger } = context;
  const policy = runPolicy(context);
  const startedAt = runtime.clock.now();
  const nested = request.nested ? { nested: request.nested } : {};
  const answered = (response: ModelResponse, decision: GovernedCallResult["decision"]) => {
    context.ledger.recordWarnings();
    return { response, decision, latencyMs: runtime.clock.now() - startedAt };
  };
  const progress: CallProgress = {
    decision: request.decision,
    ...runtime.backends.resolve(request.decision.model),
    attempt: 0,
    attemptsOnModel: 0,
    failedModels: [],
    cache: undefined,
    sampling: undefined,
  };
  for (;;) {
    const { decision, backend, model } = progress;
    progress.attempt++;
    progress.attemptsOnModel++;
    if (progress.attemptsOnModel === 1) {
      // Before the first attempt on a model (the step's, or a fallback's): a cached answer needs no call,
      // so it is served before the circuit is asked and whatever the backend's health.
      const cached = await consultCaches(context, {
        step: request.step,
        kind: request.kind,
        attempt: progress.attempt,
        model,
        backend: backend.name,
        messages: request.messages,
        tools: request.tools,
        maxOutputTokens: decision.maxOutputTokens,
        ...nested,
      });
      if (cached.served) return answered(cached.served, decision);
      progress.cache = cached.followUp;
    }
    const outcome = await attemptBehindCircuit(context, {
      step: request.step,
      model,
      backend,
      maxOutputTokens: decision.maxOutputTokens,
      messages: request.messages,
      tools: request.tools,
      estimatedInputTokens: request.estimatedInputTokens,
      deadlines: request.deadlines,
      useHoldback: request.useHoldback,
      attempt: progress.attempt,
      delivery,
      ...(progress.cache ? { cache: progress.cache } : {}),
      ...(progress.sampling ? { sampling: progress.sampling } : {}),
      ...nested,
    });
    if (outcome.ok) return answered(outcome.response, decision);
    // What the consumer has read cannot be taken back: a stream that began is not sent again.
    if (delivery?.started) throw outcome.error;
    const failed: FailedAttempt = {
      error: outcome.error,
      kind: "circuitOpen" in outcome ? "circuit_open" : outcome.error.failure,
      decision,
      backend: backend.name,
      attempt: progress.attempt,
      attemptsOnModel: progress.attemptsOnModel,
      failedModels: progress.failedModels,
    };
    const recovery = decideRecovery(context, { request, policy, failed });
    if (recovery.type === "give-up") throw outcome.error;
    if (recovery.type === "fallback") {
      progress.failedModels.push(decision.model);
      // A fallback is another attempt at the step's call: it counts as a retry, like any other.
      ledger.countRetry();
      log.emit({
        type: "fallback-select",
        step: request.step,
        fromModel: decision.model,
        failure: failed.kind,
        decision: recovery.decision,
        ...nested,
      });
      Object.assign(progress, {
        decision: recovery.decision,
        ...runtime.backends.resolve(recovery.decision.model),
        attemptsOnModel: 0,
        sampling: undefined,
      });
      continue;
    }
    // Counted only when it will happen, together with its event, so the ledger and the log agree.
    ledger.countRetry();
    let reason: string = recovery.circuitOpen ? "circuit_open" : failed.kind;
    if (failureTraits[failed.kind].variesRequestOnRetry) {
      // The same request would get the same unusable output: vary the sampling, and say how.
      const { options } = log.state;
      const varied = varySampling(
        { seed: options.seed, temperature: options.temperature },
        progress.attemptsOnModel,
      );
      progress.sampling = varied.sampling;
      reason = varied.variation;
    }
    log.emit({
      type: "retry-schedule",
      step: request.step,
      attempt: progress.attempt + 1,
      model: decision.model,
      waitMs: recovery.waitMs,
      reason,
      ...nested,
    });
    await wait(context, { deadlines: request.deadlines, waitMs: recovery.waitMs });
  }
}

/**
 * Governs one model call: routing's decision in, the recorded answer out, with everything AgentOne
 * promises around a call (cache, reservation, retries with backoff, fallback, circuit breakers,
 * settlement, events, cache write). The agent loop's step, a tool's nested call (`nestedModelCaller`)
 * and a caller with only a run id (`callModelForRun`) all go through it; `streamModelCall` is the
 * streamed form.
 *
 * Throws BudgetExceededError when a reservation, a retry or the deadline does not fit;
 * KillSwitchTriggeredError when killed; UsageAnomalyError when the backend reported usage the request
 * cannot explain (and the run stops on that); ModelCallError when no attempt succeeded.
 *
 * @example
 * ```ts
 * const { response, decision } = await governModelCall(context, {
 *   step, kind: "act", decision, messages, tools, estimatedInputTokens, deadlines, useHoldback: false,
 * });
 * ```
 */
export function governModelCall(
  context: RunContext,
  request: GovernedCallRequest,
): Promise<GovernedCallResult> {
  return runGovernedCall(context, request, null);
}
