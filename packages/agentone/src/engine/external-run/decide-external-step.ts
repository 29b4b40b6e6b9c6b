import { nanoToUsd } from "../../budget/money.js";
import { BudgetExceededError } from "../../core/errors/index.js";
import type { StepKind } from "../../core/events/payload-schemas.js";
import type { StepDecision } from "../../policy/decide-step.js";
import { reasons } from "../../policy/reason-codes.js";
import {
  modelCallLimitReached,
  retryLimitReached,
  type StopCause,
  type StopRule,
  stepLimitReached,
  toolCallLimitReached,
  usageAnomalyReported,
  wallClockReached,
} from "../../policy/stop-rules.js";
import { terminationPolicyOf } from "../lifecycle/termination-policy.js";
import { decideCall, refusalBreach } from "../model-call/decide-call.js";
import { recordCallStart } from "../model-call/record-call.js";
import { reserveCall } from "../model-call/reserve-call.js";
import type { RunContext } from "../run-context.js";
import type { Runtime } from "../runtime.js";
import { refuseIfKilled } from "./end-killed-run.js";
import type { ExternalDecision } from "./external-decision.js";
import { type ExternalDecisionInput, externalDecisionInputSchema } from "./external-run-inputs.js";
import { externalStop } from "./external-stop.js";
import { ifNotAllowedFor } from "./if-not-allowed.js";
import { withExternalRun } from "./open-external-run.js";
import { parseInput } from "./parse-input.js";
import { stopExternalRun, stopOnCause } from "./stop-external-run.js";

/**
 * The managed loop's stop rules that apply to a caller's loop: every limit, and a usage anomaly. Failed
 * steps are not counted against the caller (an external step fails only by expiring unreported).
 */
const externalStopRules: readonly StopRule[] = [
  usageAnomalyReported,
  stepLimitReached,
  modelCallLimitReached,
  toolCallLimitReached,
  wallClockReached,
  retryLimitReached,
];

function refusal(
  context: RunContext,
  input: { kind: StepKind; reason: string; explanation: string; limitedBy?: string | undefined },
): ExternalDecision {
  return {
    allowed: false,
    step: null,
    model: null,
    tier: null,
    maxOutputTokens: 0,
    reason: input.reason,
    explanation: input.explanation,
    reservationId: null,
    reservedUsd: null,
    ifNotAllowed: ifNotAllowedFor({ onExhaust: context.log.state.options.onExhaust, ...input }),
    ...(input.limitedBy ? { limitedBy: input.limitedBy } : {}),
  };
}

/** The refusal a stop (a breach now, or one recorded earlier) answers with. */
function stopped(context: RunContext, kind: StepKind, cause: StopCause): ExternalDecision {
  const anomaly = cause.reason === "usage_anomaly";
  return refusal(context, {
    kind,
    reason: anomaly ? reasons.usageAnomaly : reasons.budgetExhausted,
    explanation: anomaly
      ? "a usage report contradicted its request; the run takes no more model calls"
      : `${kind}: the run's budget is exhausted (${cause.reason})`,
    limitedBy: cause.dimension,
  });
}

/** The run's policy with the caller's SLA for this step kind laid over it. */
function withSla(context: RunContext, kind: StepKind, latencySlaMs: number | undefined): RunContext {
  if (latencySlaMs === undefined) return context;
  const policy = context.policy;
  return {
    ...context,
    policy: { ...policy, latencySlaMs: { ...policy.latencySlaMs, [kind]: latencySlaMs } },
  };
}

/** Opens the step the decision allows: counts it, records it, reserves its worst case, records the call. */
function openStep(
  context: RunContext,
  input: {
    kind: StepKind;
    decision: StepDecision;
    estimatedInputTokens: number;
    useHoldback: boolean;
    maxOutputTokens?: number | undefined;
  },
): ExternalDecision {
  const { runtime, log } = context;
  const { kind, decision, useHoldback } = input;
  try {
    context.ledger.beginStep({ useHoldback });
  } catch (error) {
    if (!(error instanceof BudgetExceededError)) throw error;
    return stopped(context, kind, stopExternalRun(context, error));
  }
  const step = log.state.lastStep + 1;
  log.emit({ type: "step-start", step, kind, decision });
  const { model, backend } = runtime.backends.resolve(decision.model);
  let reservation: ReturnType<typeof reserveCall>;
  try {
    reservation = reserveCall(context, {
      step,
      model,
      estimatedInputTokens: input.estimatedInputTokens,
      maxOutputTokens: Math.min(input.maxOutputTokens ?? decision.maxOutputTokens, decision.maxOutputTokens),
      useHoldback,
    });
  } catch (error) {
    if (!(error instanceof BudgetExceededError)) throw error;
    log.emit({ type: "step-end", step, kind, status: "failed", error: error.message, durationMs: 0 });
    return stopped(context, kind, stopExternalRun(context, error));
  }
  const { options } = log.state;
  recordCallStart(context, {
    position: { step, callId: runtime.ids.next("call"), model: model.id, backend: backend.name },
    attempt: 1,
    request: {
      messages: [],
      tools: [],
      maxOutputTokens: reservation.maxOutputTokens,
      temperature: options.temperature,
      seed: options.seed,
    },
  });
  return {
    allowed: true,
    step,
    model: decision.model,
    tier: decision.tier,
    maxOutputTokens: reservation.maxOutputTokens,
    reason: decision.reason,
    explanation: decision.explanation,
    reservationId: reservation.id,
    reservedUsd: nanoToUsd(reservation.amount.nanoUsd ?? 0),
    ifNotAllowed: ifNotAllowedFor({ onExhaust: options.onExhaust, kind }),
    ...(decision.downgraded ? { downgraded: true } : {}),
    ...(decision.predictedLatencyMs === undefined ? {} : { predictedLatencyMs: decision.predictedLatencyMs }),
    ...(decision.latencySlaMs === undefined ? {} : { latencySlaMs: decision.latencySlaMs }),
  };
}

/** Decides within an opened run; emits the step's events, or the breach that stops the run. */
function decide(
  context: RunContext,
  input: ReturnType<typeof externalDecisionInputSchema.parse>,
): ExternalDecision {
  const { log, ledger } = context;
  const state = log.state;
  const kind = input.stepKind;
  if (state.status === "awaiting_input")
    return refusal(context, {
      kind,
      reason: reasons.awaitingInput,
      explanation: `the run waits for a human (${state.waitReason ?? "awaiting input"}); resume it with more budget`,
    });
  const stop = externalStop(log.events, { onUsageAnomaly: state.options.onUsageAnomaly });
  // After a stop under `summarize`, one summary step may spend the slice held back for it.
  const closingSummary =
    stop !== null &&
    stop.reason !== "usage_anomaly" &&
    kind === "summarize" &&
    terminationPolicyOf(state.options.onExhaust) === "summarize";
  if (stop !== null && !closingSummary) return stopped(context, kind, stop);
  if (!closingSummary) {
    const cause = externalStopRules
      .map((rule) =>
        rule({
          limits: ledger.limits,
          usage: ledger.spent,
          holdback: ledger.holdback,
          elapsedMs: ledger.elapsedMs(),
          terminationSliceMs: ledger.terminationSliceMs,
          consecutiveFailedSteps: 0,
          maxConsecutiveFailedSteps: Number.POSITIVE_INFINITY,
          usageAnomalies: state.usageAnomalies,
          onUsageAnomaly: state.options.onUsageAnomaly,
        }),
      )
      .find((found) => found !== null);
    if (cause) return stopped(context, kind, stopOnCause(context, cause));
  }
  const hint = {
    ...(input.model ? { model: input.model } : {}),
    ...(input.tier ? { tier: input.tier } : {}),
  };
  const routed = decideCall(withSla(context, kind, input.latencySlaMs), {
    kind,
    estimatedInputTokens: input.estimatedInputTokens,
    useHoldback: closingSummary,
    hint,
  });
  const { decision } = routed;
  if (
    !decision.allowed &&
    (decision.reason === reasons.contextTooLarge || decision.reason === reasons.noModelAvailable)
  )
    // Not a budget matter, and not a stop: a shorter request may be routed.
    return {
      ...refusal(context, {
        kind,
        reason: decision.reason,
        explanation: decision.explanation,
        limitedBy: decision.limitedBy,
      }),
      ifNotAllowed: decision.reason === reasons.contextTooLarge ? "summarize" : "stop",
    };
  if (!decision.allowed) {
    const breach = refusalBreach(context, routed);
    if (routed.scope === "step") {
      // The step's own limits rule out this request whatever is left of the run: recorded, not a stop.
      ledger.recordBreach(breach);
      return refusal(context, {
        kind,
        reason: decision.reason,
        explanation: decision.explanation,
        limitedBy: decision.limitedBy,
      });
    }
    stopExternalRun(context, breach);
    return refusal(context, {
      kind,
      reason: decision.reason,
      explanation: decision.explanation,
      limitedBy: decision.limitedBy,
    });
  }
  return openStep(context, {
    kind,
    decision,
    estimatedInputTokens: input.estimatedInputTokens,
    useHoldback: closingSummary,
    maxOutputTokens: input.maxOutputTokens,
  });
}

/**
 * Decides an external run's next step, as the managed loop decides its own: the same stop rules, the same
 * routing (`decideCall`: the run's policy, the caller's SLA, model or tier hint, what the ledger says is
 * left) and the same reservation of the worst case (`reserveCall`), recorded as the same events
 * (`step-start`, `budget-reserve`, `model-call-start`), so reports, metrics and replay read an external
 * run as they read a managed one. The reservation stays open until `settleExternalUsage` settles it, or
 * until it expires (`reservationTtlMs`) and is settled at its worst case.
 *
 * A budget refusal answers `allowed: false` and stops the run at that point (the breach is recorded;
 * later decisions are refused too): `ifNotAllowed` says what to do next. A request the run's reservation
 * time outlived is settled first, at every request.
 *
 * Throws UsageError (bad input, naming the field), NotFoundError, RunNotOpenError (ended or managed run),
 * KillSwitchTriggeredError (the run was killed: it has now ended).
 *
 * @example
 * ```ts
 * const decision = await decideExternalStep(runtime, runId, { stepKind: "act", estimatedInputTokens: 1800, latencySlaMs: 2000 });
 * if (!decision.allowed) return finish(decision.ifNotAllowed);
 * const response = await myProvider.chat({ model: decision.model, max_tokens: decision.maxOutputTokens, messages });
 * await settleExternalUsage(runtime, runId, { reservationId: decision.reservationId, usage: response.usage, latencyMs: 840 });
 * ```
 */
export async function decideExternalStep(
  runtime: Runtime,
  runId: string,
  request: ExternalDecisionInput,
): Promise<ExternalDecision> {
  const input = parseInput(externalDecisionInputSchema, request, "decision request");
  if (input.model !== undefined) runtime.backends.resolve(input.model);
  return withExternalRun(runtime, runId, async (opened) => {
    await refuseIfKilled(opened);
    return decide(opened.context, input);
  });
}
