import type { ModelResponse, ToolDefinition } from "../backends/model-backend.js";
import { costOfUsage, nanoPerToken } from "../budget/money.js";
import { budgetStatus, newlyCrossedThresholds } from "../budget/remaining.js";
import { isAgentOneError, ModelCallError } from "../core/errors/index.js";
import type { Message } from "../core/messages.js";
import { activeElapsedMs } from "../core/run-state/fold-run-state.js";
import { minimumOutputTokens, type StepDecision } from "../policy/decide-step.js";
import { attemptTimeoutMs } from "./attempt-timeout.js";
import { callSignal, earliestDeadline, type StepDeadlines } from "./deadlines.js";
import { retryDelayMs } from "./retry-backoff.js";
import type { RunContext } from "./run-context.js";

export interface ModelCallInput {
  step: number;
  decision: StepDecision;
  messages: Message[];
  tools: ToolDefinition[];
  /** The step's estimate of the request's input tokens (the same request the decision was made for). */
  estimatedInputTokens: number;
  deadlines: StepDeadlines;
  /** The termination summary may spend the held-back budget slice. */
  useHoldback: boolean;
}

function asModelCallError(error: unknown): ModelCallError {
  if (isAgentOneError(error) && error.code === "MODEL_CALL_ERROR") return error as ModelCallError;
  const message = error instanceof Error ? error.message : String(error);
  return new ModelCallError("connection", `backend failed: ${message}`, { cause: error });
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

/**
 * One model call with reserve → call → settle, and retries of retryable failures with backoff. Throws
 * BudgetExceededError when a reservation, a retry or the deadline does not fit; KillSwitchTriggeredError
 * when killed; ModelCallError when the failure cannot be retried.
 */
export async function callModel(context: RunContext, input: ModelCallInput): Promise<ModelResponse> {
  const { runtime, log, ledger } = context;
  const { backend, model } = runtime.backends.resolve(input.decision.model);
  const { estimatedInputTokens } = input;
  for (let attempt = 1; ; attempt++) {
    const reservation = ledger.reserveModelCall({
      prices: model.prices,
      estimatedInputTokens,
      requestedMaxOutputTokens: input.decision.maxOutputTokens,
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
    log.emit({
      type: "model-call-start",
      step: input.step,
      callId,
      attempt,
      model: model.id,
      backend: backend.name,
      request: {
        messages: input.messages,
        tools: input.tools.map((tool) => tool.name),
        maxOutputTokens: reservation.maxOutputTokens,
        temperature: options.temperature,
        seed: options.seed,
      },
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
    });
    try {
      const response = await backend.generate({
        model: model.remoteId ?? model.id,
        messages: input.messages,
        tools: input.tools,
        maxOutputTokens: reservation.maxOutputTokens,
        temperature: options.temperature,
        seed: options.seed,
        contextWindow: model.contextWindow,
        signal,
      });
      const usage = response.usage;
      const cost = costOfUsage(usage, model.prices);
      const actual = {
        nanoUsd: cost,
        inputTokens: usage.inputTokens + usage.cachedInputTokens + usage.cacheWriteTokens,
        outputTokens: usage.outputTokens,
        modelCalls: 1,
      };
      const { released } = ledger.settle(reservation, actual);
      log.emit({ type: "budget-settle", step: input.step, reservationId: reservation.id, actual, released });
      log.emit({
        type: "model-call-end",
        step: input.step,
        callId,
        model: model.id,
        modelVersion: response.modelVersion,
        backend: backend.name,
        text: response.text,
        toolCalls: response.toolCalls,
        finishReason: response.finishReason,
        usage,
        costNanoUsd: cost,
        latencyMs: runtime.clock.now() - startedAt,
        warnings: response.warnings ?? [],
        provenance: { ...response.provenance, ...(model.simulated ? { simulated: "true" } : {}) },
      });
      emitBudgetWarnings(context);
      return response;
    } catch (error) {
      // A call that failed still counts as a call. Errors before an answer began are not billed; a stream
      // cut midway was, at least for its input: settle that at the estimate, never at $0.
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
      });
      if (!failure.retryable) throw failure;
      const waitMs = retryDelayMs({
        attempt,
        random: context.random,
        ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
      });
      const deadline = earliestDeadline(input.deadlines);
      if (deadline !== null && runtime.clock.now() + waitMs >= deadline) throw failure;
      // Counted only when it will happen, together with its event, so the ledger and the log agree.
      ledger.countRetry();
      log.emit({
        type: "retry-schedule",
        step: input.step,
        attempt: attempt + 1,
        waitMs,
        reason: failure.failure,
      });
      const wait = callSignal(context, input.deadlines);
      try {
        await runtime.clock.sleep(waitMs, wait.signal);
      } finally {
        wait.dispose();
      }
    } finally {
      dispose();
    }
  }
}
