import type { ModelResponse, ToolDefinition } from "../backends/model-backend.js";
import { SimulatedBackend } from "../backends/simulated/simulated-backend.js";
import { costOfUsage, nanoPerToken } from "../budget/money.js";
import { classifySettlement, type UsageAnomaly } from "../budget/usage-anomaly.js";
import { isAgentOneError, ModelCallError, UsageAnomalyError } from "../core/errors/index.js";
import type { NestedCall } from "../core/events/payload-schemas.js";
import type { Message } from "../core/messages.js";
import type { ModelSpec } from "../core/model-spec.js";
import { minimumOutputTokens } from "../policy/model-fit.js";
import { predictLatencyMs } from "../policy/predict-latency.js";
import type { Sampling } from "../policy/vary-sampling.js";
import { attemptTimeoutMs } from "./attempt-timeout.js";
import type { CircuitTransition } from "./backend-health.js";
import { callSignal, type StepDeadlines } from "./deadlines.js";
import { type CacheFollowUp, rememberAnswer } from "./model-cache/consult-caches.js";
import type { RunContext } from "./run-context.js";

/** One attempt's request: which model, what to send, and within which deadlines. */
export interface AttemptInput {
  step: number;
  model: ModelSpec;
  maxOutputTokens: number;
  messages: Message[];
  tools: ToolDefinition[];
  estimatedInputTokens: number;
  deadlines: StepDeadlines;
  useHoldback: boolean;
  attempt: number;
  /** What the cache lookup before this call decided: the record to write and where to store the answer. */
  cache?: CacheFollowUp;
  /** Set when a tool makes the call: recorded on its events. */
  nested?: NestedCall;
  /** Sampling that replaces the run's seed and temperature (a retry after a `model_output` failure). */
  sampling?: Sampling;
}

export type AttemptOutcome =
  | { ok: true; response: ModelResponse; latencyMs: number }
  | { ok: false; error: ModelCallError };

function asModelCallError(error: unknown): ModelCallError {
  if (isAgentOneError(error) && error.code === "MODEL_CALL_ERROR") return error as ModelCallError;
  const message = error instanceof Error ? error.message : String(error);
  return new ModelCallError("connection", `backend failed: ${message}`, { cause: error });
}

/**
 * Failures that say nothing about the backend's health: the request itself was wrong, or one model is
 * rate-limited or missing (another model of the same backend may be fine).
 */
const callerFailures = new Set(["bad_request", "context_length", "rate_limit", "not_found", "model_output"]);

/** Renames repeated tool-call ids of one turn (`id`, `id_2`, ...) so no two calls share one. */
export function uniqueCallIds<Call extends { id: string }>(calls: readonly Call[]): Call[] {
  const seen = new Set<string>();
  return calls.map((call) => {
    let id = call.id;
    for (let suffix = 2; seen.has(id); suffix++) id = `${call.id}_${suffix}`;
    seen.add(id);
    return id === call.id ? call : { ...call, id };
  });
}

export function emitCircuitTransition(context: RunContext, transition: CircuitTransition | null): void {
  if (transition) context.log.emit({ type: "circuit-transition", ...transition });
}

/**
 * One model call: reserve the worst case → call with a deadline → settle → record. A failure comes back
 * as a value for the caller to retry or fall back on; the kill switch and budget deadlines throw, because
 * nothing may follow them. The backend's circuit and latency record are updated either way.
 */
export async function attemptModelCall(context: RunContext, input: AttemptInput): Promise<AttemptOutcome> {
  const { runtime, log, ledger } = context;
  const { model, estimatedInputTokens } = input;
  const { backend } = runtime.backends.resolve(model.id);
  const reservation = ledger.reserveModelCall({
    prices: model.prices,
    estimatedInputTokens,
    requestedMaxOutputTokens: input.maxOutputTokens,
    minOutputTokens: minimumOutputTokens,
    useHoldback: input.useHoldback,
  });
  log.emit({
    type: "budget-reserve",
    step: input.step,
    reservationId: reservation.id,
    purpose: "model-call",
    amount: reservation.amount,
    maxOutputTokens: reservation.maxOutputTokens,
  });
  const callId = runtime.ids.next("call");
  const { options } = log.state;
  const temperature = input.sampling?.temperature ?? options.temperature;
  const seed = input.sampling?.seed ?? options.seed;
  const nested = input.nested ? { nested: input.nested } : {};
  log.emit({
    type: "model-call-start",
    step: input.step,
    callId,
    attempt: input.attempt,
    model: model.id,
    backend: backend.name,
    request: {
      messages: input.messages,
      tools: input.tools.map((tool) => tool.name),
      maxOutputTokens: reservation.maxOutputTokens,
      temperature,
      seed,
    },
    ...nested,
  });
  const startedAt = runtime.clock.now();
  const timeoutMs = attemptTimeoutMs(model, {
    maxOutputTokens: reservation.maxOutputTokens,
    inputTokens: estimatedInputTokens,
  });
  const timeout = new ModelCallError(
    "timeout",
    `${model.id} gave no answer within ${Math.round(timeoutMs / 1000)} s`,
  );
  const { signal, dispose } = callSignal(context, input.deadlines, {
    endsAt: runtime.clock.now() + timeoutMs,
    reason: timeout,
    // The in-process simulator waits on the run's clock; every other backend waits on real I/O.
    realIo: !(backend instanceof SimulatedBackend),
  });
  let anomalies: UsageAnomaly[] = [];
  let answered: AttemptOutcome;
  try {
    const generated = await backend.generate({
      model: model.remoteId ?? model.id,
      messages: input.messages,
      tools: input.tools,
      maxOutputTokens: reservation.maxOutputTokens,
      temperature,
      seed,
      contextWindow: model.contextWindow,
      signal,
    });
    // Call ids must be unique within a turn: approvals, results and idempotency keys are keyed by them.
    const response = { ...generated, toolCalls: uniqueCallIds(generated.toolCalls) };
    const usage = response.usage;
    const cost = costOfUsage(usage, model.prices);
    const actual = {
      nanoUsd: cost,
      inputTokens: usage.inputTokens + usage.cachedInputTokens + usage.cacheWriteTokens,
      outputTokens: usage.outputTokens,
      modelCalls: 1,
    };
    const { released } = ledger.settle(reservation, actual);
    anomalies = classifySettlement({
      requestedMaxOutputTokens: reservation.maxOutputTokens,
      estimatedInputTokens,
      reportedInputTokens: actual.inputTokens,
      reportedOutputTokens: actual.outputTokens,
    });
    log.emit({
      type: "budget-settle",
      step: input.step,
      reservationId: reservation.id,
      actual,
      released,
      ...(anomalies.length > 0 ? { anomalies } : {}),
    });
    const latencyMs = runtime.clock.now() - startedAt;
    // What the call answered, as the log records it and as the response cache keeps it.
    const answer = {
      model: model.id,
      modelVersion: response.modelVersion,
      backend: backend.name,
      text: response.text,
      toolCalls: response.toolCalls,
      finishReason: response.finishReason,
      usage,
      ...(response.usageEstimated ? { usageEstimated: true } : {}),
      costNanoUsd: cost,
      latencyMs,
      warnings: response.warnings ?? [],
      provenance: { ...response.provenance, ...(model.simulated ? { simulated: "true" } : {}) },
    };
    log.emit({
      type: "model-call-end",
      step: input.step,
      callId,
      ...answer,
      ...(input.cache?.record ? { cache: input.cache.record } : {}),
      ...nested,
    });
    // The latency correction compares like with like: the prediction for the tokens actually produced.
    const predictedMs = predictLatencyMs(model, {
      inputTokens: estimatedInputTokens,
      outputTokens: Math.max(usage.outputTokens, 1),
    });
    emitCircuitTransition(
      context,
      runtime.health.record({
        backend: backend.name,
        model: model.id,
        ok: true,
        latency: { predictedMs, actualMs: latencyMs },
      }),
    );
    if (input.cache)
      await rememberAnswer(context, {
        followUp: input.cache,
        step: input.step,
        clamped: reservation.maxOutputTokens < input.maxOutputTokens,
        answer,
      });
    answered = { ok: true, response, latencyMs };
  } catch (error) {
    // A call that failed still counts as a call. Errors before an answer began are not billed; an answer
    // cut after the server accepted the request (a stream cut midway, a whole body cut after its status)
    // was, at least for its input: settle that at the estimate, never at $0.
    const cut = isAgentOneError(error) && (error as ModelCallError).failure === "cut_stream";
    const actual = cut
      ? {
          modelCalls: 1,
          inputTokens: estimatedInputTokens,
          nanoUsd: estimatedInputTokens * nanoPerToken(model.prices.input),
        }
      : { modelCalls: 1 };
    const { released } = ledger.settle(reservation, actual);
    log.emit({ type: "budget-settle", step: input.step, reservationId: reservation.id, actual, released });
    // The kill switch and budget deadlines end the call for good; the attempt's own timeout is retryable.
    if (signal.aborted && signal.reason !== timeout) throw signal.reason;
    const failure = signal.aborted ? timeout : asModelCallError(error);
    log.emit({
      type: "model-call-error",
      step: input.step,
      callId,
      model: model.id,
      backend: backend.name,
      code: failure.code,
      failure: failure.failure,
      message: failure.message,
      retryable: failure.retryable,
      latencyMs: runtime.clock.now() - startedAt,
      ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
      ...(actual.nanoUsd ? { costNanoUsd: actual.nanoUsd } : {}),
      ...nested,
    });
    emitCircuitTransition(
      context,
      runtime.health.record({
        backend: backend.name,
        model: model.id,
        ok: false,
        countsAgainstBackend: !callerFailures.has(failure.failure),
      }),
    );
    return { ok: false, error: failure };
  } finally {
    dispose();
  }
  // Thrown after the attempt is fully recorded, and outside its try, so it is not taken for a failed call
  // (which would be retried or sent to another model).
  if (anomalies.length > 0 && (options.onUsageAnomaly ?? "stop") === "stop") {
    throw new UsageAnomalyError(describeAnomalies(backend.name, anomalies), {
      details: { backend: backend.name, model: model.id, anomalies },
    });
  }
  return answered;
}

function describeAnomalies(backend: string, anomalies: readonly UsageAnomaly[]): string {
  const parts = anomalies.map((anomaly) =>
    anomaly.kind === "output_over_max"
      ? `${anomaly.reported} output tokens where at most ${anomaly.allowed} were requested`
      : `${anomaly.reported} input tokens where the estimate allows at most ${anomaly.allowed}`,
  );
  return `backend ${backend} reported ${parts.join(" and ")}; the spend is recorded and the run stops`;
}
