import type { ModelBackend, ModelResponse, ToolDefinition } from "../../backends/model-backend.js";
import type { StepDeadlines } from "../../budget/ledger.js";
import type { UsageAnomaly } from "../../budget/usage-anomaly.js";
import {
  failureTraits,
  isAgentOneError,
  ModelCallError,
  UsageAnomalyError,
} from "../../core/errors/index.js";
import type { NestedCall } from "../../core/events/payload-schemas.js";
import type { Message } from "../../core/messages.js";
import type { ModelSpec } from "../../core/model-spec.js";
import { predictLatencyMs } from "../../policy/predict-latency.js";
import type { Sampling } from "../../policy/vary-sampling.js";
import { type CacheFollowUp, rememberAnswer } from "../model-cache/consult-caches.js";
import type { RunContext } from "../run-context.js";
import { callSignal } from "../step/deadlines.js";
import { attemptTimeoutMs } from "./attempt-timeout.js";
import type { PartDelivery } from "./governed-call.js";
import {
  type CallPosition,
  type RecordedAnswer,
  recordCallEnd,
  recordCallError,
  recordCallStart,
  recordCircuitTransition,
} from "./record-call.js";
import { reserveCall } from "./reserve-call.js";
import { sendRequest } from "./send-request.js";
import { settleAnswer, settleFailure } from "./settle-call.js";
import { uniqueCallIds } from "./unique-call-ids.js";

/** One attempt's request: which model on which backend, what to send, and within which deadlines. */
export interface AttemptInput {
  step: number;
  model: ModelSpec;
  backend: ModelBackend;
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
  /** Set for a streamed call: where its deltas go. */
  delivery: PartDelivery | null;
}

export type AttemptOutcome =
  | { ok: true; response: ModelResponse; latencyMs: number }
  | { ok: false; error: ModelCallError };

function asModelCallError(error: unknown): ModelCallError {
  if (isAgentOneError(error) && error.code === "MODEL_CALL_ERROR") return error as ModelCallError;
  const message = error instanceof Error ? error.message : String(error);
  return new ModelCallError("connection", `backend failed: ${message}`, { cause: error });
}

/** The attempt's signal: its own timeout, the step's and the run's deadlines, the kill switch, the consumer. */
function attemptSignal(context: RunContext, input: AttemptInput, maxOutputTokens: number) {
  const { model, backend } = input;
  const timeoutMs = attemptTimeoutMs(model, { maxOutputTokens, inputTokens: input.estimatedInputTokens });
  const timeout = new ModelCallError(
    "timeout",
    `${model.id} gave no answer within ${Math.round(timeoutMs / 1000)} s`,
  );
  const call = callSignal(context, input.deadlines, {
    endsAt: context.runtime.clock.now() + timeoutMs,
    reason: timeout,
    // The in-process simulator waits on the run's clock; every other backend waits on real I/O.
    realIo: backend.waitsOnRunClock !== true,
  });
  const signal = input.delivery ? AbortSignal.any([call.signal, input.delivery.stopped]) : call.signal;
  return { signal, timeout, dispose: call.dispose };
}

/**
 * One model call: reserve the worst case → record → send with a deadline → settle → record → write the
 * cache. A failure comes back as a value for the caller to retry or fall back on; the kill switch, budget
 * deadlines and a consumer that stopped reading throw, because nothing may follow them. The backend's
 * circuit and latency record are updated either way (but not when the call was ended from this side).
 */
export async function attemptModelCall(context: RunContext, input: AttemptInput): Promise<AttemptOutcome> {
  const { runtime, log } = context;
  const { model, backend, estimatedInputTokens } = input;
  // A call costs money and may not be repeatable: the steps before it are in the store before it is
  // reserved, recorded or sent (a write that failed fails the call here, with nothing of it recorded).
  await log.written();
  const reservation = reserveCall(context, input);
  const { options } = log.state;
  const temperature = input.sampling?.temperature ?? options.temperature;
  const seed = input.sampling?.seed ?? options.seed;
  const position: CallPosition = {
    step: input.step,
    callId: runtime.ids.next("call"),
    model: model.id,
    backend: backend.name,
    ...(input.nested ? { nested: input.nested } : {}),
  };
  const maxOutputTokens = reservation.maxOutputTokens;
  recordCallStart(context, {
    position,
    attempt: input.attempt,
    request: { messages: input.messages, tools: input.tools, maxOutputTokens, temperature, seed },
  });
  const startedAt = runtime.clock.now();
  const { signal, timeout, dispose } = attemptSignal(context, input, maxOutputTokens);
  let anomalies: UsageAnomaly[] = [];
  let answered: AttemptOutcome;
  try {
    const generated = await sendRequest({
      backend,
      delivery: input.delivery,
      signal,
      request: {
        model: model.remoteId ?? model.id,
        messages: input.messages,
        tools: input.tools,
        maxOutputTokens,
        temperature,
        seed,
        contextWindow: model.contextWindow,
        signal,
      },
    });
    const response = { ...generated, toolCalls: uniqueCallIds(generated.toolCalls) };
    const usage = response.usage;
    const settled = settleAnswer(context, {
      step: input.step,
      reservation,
      model,
      usage,
      estimatedInputTokens,
    });
    anomalies = settled.anomalies;
    const latencyMs = runtime.clock.now() - startedAt;
    const answer: RecordedAnswer = {
      model: model.id,
      modelVersion: response.modelVersion,
      backend: backend.name,
      text: response.text,
      toolCalls: response.toolCalls,
      finishReason: response.finishReason,
      usage,
      ...(response.usageEstimated ? { usageEstimated: true as const } : {}),
      costNanoUsd: settled.cost,
      latencyMs,
      warnings: response.warnings ?? [],
      provenance: { ...response.provenance, ...(model.simulated ? { simulated: "true" } : {}) },
    };
    recordCallEnd(context, { position, answer, cache: input.cache?.record });
    // The latency correction compares like with like: the prediction for the tokens actually produced.
    const predictedMs = predictLatencyMs(model, {
      inputTokens: estimatedInputTokens,
      outputTokens: Math.max(usage.outputTokens, 1),
    });
    recordCircuitTransition(
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
        clamped: maxOutputTokens < input.maxOutputTokens,
        answer,
      });
    answered = { ok: true, response, latencyMs };
  } catch (error) {
    const kind = isAgentOneError(error) ? (error as ModelCallError).failure : undefined;
    // A stream that had begun was accepted and billed, however it ended (cut, killed, abandoned).
    const began = input.delivery?.started ?? false;
    const actual = settleFailure(context, {
      step: input.step,
      reservation,
      model,
      estimatedInputTokens,
      chargesEstimate: began || (kind !== undefined && failureTraits[kind]?.chargesEstimate === true),
    });
    // The kill switch, budget deadlines and the consumer end the call for good; the attempt's own
    // timeout is retryable.
    if (signal.aborted && signal.reason !== timeout) {
      // A consumer that stopped reading says so on the attempt; a kill or a deadline is recorded by
      // whoever ends the run or the step. Neither is a verdict on the backend.
      const stopped = input.delivery?.stopped;
      if (stopped?.aborted && signal.reason === stopped.reason)
        recordCallError(context, {
          position,
          failure: asModelCallError(signal.reason),
          latencyMs: runtime.clock.now() - startedAt,
          costNanoUsd: actual.nanoUsd,
        });
      throw signal.reason;
    }
    const failure = signal.aborted ? timeout : asModelCallError(error);
    recordCallError(context, {
      position,
      failure,
      latencyMs: runtime.clock.now() - startedAt,
      costNanoUsd: actual.nanoUsd,
    });
    recordCircuitTransition(
      context,
      runtime.health.record({
        backend: backend.name,
        model: model.id,
        ok: false,
        countsAgainstBackend: failureTraits[failure.failure].outageLike,
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
