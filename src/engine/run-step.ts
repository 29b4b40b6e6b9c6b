import { estimateRequestTokens } from "../backends/token-counter.js";
import { nanoToUsd, usdToNano } from "../budget/money.js";
import { totalTokens } from "../core/budget-usage.js";
import {
  BudgetExceededError,
  isAgentOneError,
  type KillSwitchTriggeredError,
  type ModelCallError,
} from "../core/errors/index.js";
import type { StepKind } from "../core/events/payload-schemas.js";
import { activeElapsedMs } from "../core/run-state/fold-run-state.js";
import { decideStep, type StepDecision } from "../policy/decide-step.js";
import type { StopCause } from "../policy/stop-rules.js";
import { callModel, emitBudgetWarnings } from "./call-model.js";
import { conversationFor } from "./conversation.js";
import { stepDeadlines } from "./deadlines.js";
import { executeToolCalls, toolDefinitions } from "./execute-tools.js";
import { budgetLine, systemPrompt } from "./prompts.js";
import type { RunContext } from "./run-context.js";

/** How a step ended, as the loop needs to know it. */
export type StepResult =
  | { type: "continue" }
  | { type: "answer"; text: string; kind: StepKind }
  | { type: "stop"; cause: StopCause }
  | { type: "killed"; scope: "run" | "global" };

export interface StepOptions {
  kind: StepKind;
  /** The termination summary may spend the held-back slice. */
  useHoldback?: boolean;
  stopReason?: string;
}

/** Fraction of the dollar budget still available to this step (0 for a zero budget), or null if unlimited. */
function remainingFraction(limitUsd: number | undefined, availableNanoUsd: number | null): number | null {
  if (limitUsd === undefined || availableNanoUsd === null) return null;
  return limitUsd === 0 ? 0 : Math.max(0, availableNanoUsd) / usdToNano(limitUsd);
}

/** The models routing may choose from, plus the run's pinned model wherever it is served. */
function routableModels(context: RunContext) {
  const { backends } = context.runtime;
  const models = backends.availableModels();
  const pinned = context.log.state.options.model;
  if (pinned === null || models.some((model) => model.id === pinned)) return models;
  return [...models, backends.resolve(pinned).model];
}

/** The smaller of two optional headrooms (null means unlimited). */
function tighter(left: number | null, right: number | null): number | null {
  if (left === null) return right;
  return right === null ? left : Math.min(left, right);
}

/**
 * Routes the step within what the run and a fresh step may still spend. A refusal that only the per-step
 * limits cause is marked with scope "step" (no step could ever fit them).
 */
function decide(
  context: RunContext,
  options: StepOptions,
  estimatedInputTokens: number,
): { decision: StepDecision; scope: "run" | "step" } {
  const { ledger, log } = context;
  const { spent, reserved } = ledger.snapshot();
  const limits = log.state.limits;
  const held = options.useHoldback ? {} : context.holdback;
  const runNanoUsd =
    limits.usd === undefined
      ? null
      : usdToNano(limits.usd) - spent.nanoUsd - reserved.nanoUsd - (held.nanoUsd ?? 0);
  const runTokens =
    limits.tokens === undefined
      ? null
      : limits.tokens - totalTokens(spent) - totalTokens(reserved) - (held.tokens ?? 0);
  const route = (withStepLimits: boolean) =>
    decideStep({
      kind: options.kind,
      models: routableModels(context),
      pinnedModel: log.state.options.model,
      availableNanoUsd: withStepLimits
        ? tighter(runNanoUsd, limits.step?.usd === undefined ? null : usdToNano(limits.step.usd))
        : runNanoUsd,
      remainingUsdFraction: remainingFraction(limits.usd, runNanoUsd),
      availableTokens: withStepLimits ? tighter(runTokens, limits.step?.tokens ?? null) : runTokens,
      estimatedInputTokens,
      allowDegradeToLocal: log.state.options.onExhaust.includes("degrade"),
    });
  const decision = route(true);
  if (decision.allowed || limits.step === undefined) return { decision, scope: "run" };
  return { decision, scope: route(false).allowed ? "step" : "run" };
}

function exhausted(context: RunContext, error: BudgetExceededError): StepResult {
  context.log.emit({
    type: "budget-exceeded",
    dimension: error.dimension,
    scope: error.scope,
    spent: error.spent,
    limit: error.limit,
    requested: error.requested,
  });
  const where = error.scope === "step" ? `step.${error.dimension}` : error.dimension;
  return { type: "stop", cause: { reason: `budget_exhausted:${where}`, dimension: error.dimension } };
}

/**
 * One step: decide (tier, model, tokens), count the step, call the model, run any tool calls, and commit
 * the step's events in one transaction.
 */
export async function runStep(context: RunContext, options: StepOptions): Promise<StepResult> {
  const { log, runtime } = context;
  const state = log.state;
  const budget = state.options.budgetPrompt
    ? budgetLine(state.limits, state.usage, activeElapsedMs(state, log.nowIso()))
    : null;
  const messages = [
    {
      role: "system" as const,
      content: systemPrompt({
        kind: options.kind,
        plan: state.plan,
        budget,
        ...(options.stopReason ? { stopReason: options.stopReason } : {}),
      }),
    },
    ...conversationFor(state.messages),
  ];
  const tools = options.kind === "act" ? toolDefinitions(runtime.tools) : [];
  const estimatedInputTokens = estimateRequestTokens(runtime.tokenCounter, { messages, tools });
  const { decision, scope } = decide(context, options, estimatedInputTokens);
  if (!decision.allowed) {
    const dimension = decision.limitedBy ?? "usd";
    const limits = scope === "step" ? (state.limits.step ?? {}) : state.limits;
    const limit = (dimension === "usd" ? limits.usd : limits.tokens) ?? 0;
    const spent =
      scope === "step" ? 0 : dimension === "usd" ? nanoToUsd(state.usage.nanoUsd) : totalTokens(state.usage);
    const result = exhausted(context, new BudgetExceededError({ dimension, scope, spent, limit }));
    await log.commit();
    return result;
  }
  try {
    context.ledger.beginStep({ useHoldback: options.useHoldback ?? false });
  } catch (error) {
    if (!(error instanceof BudgetExceededError)) throw error;
    const result = exhausted(context, error);
    await log.commit();
    return result;
  }
  const step = state.lastStep + 1;
  log.transition(options.kind === "plan" ? "planning" : "running", `${options.kind} step`);
  log.emit({ type: "step-start", step, kind: options.kind, decision });
  const startedAt = runtime.clock.now();
  const deadlines = stepDeadlines(context, {
    stepStartedAt: startedAt,
    forTermination: options.useHoldback ?? false,
  });
  const end = (status: "ok" | "failed", error?: string) =>
    log.emit({
      type: "step-end",
      step,
      kind: options.kind,
      status,
      ...(error ? { error } : {}),
      durationMs: runtime.clock.now() - startedAt,
    });
  let result: StepResult;
  try {
    const response = await callModel(context, {
      step,
      decision,
      messages,
      tools,
      estimatedInputTokens,
      deadlines,
      useHoldback: options.useHoldback ?? false,
    });
    if (response.toolCalls.length > 0) {
      const breach = await executeToolCalls(context, { step, calls: response.toolCalls, deadlines });
      emitBudgetWarnings(context);
      end("ok");
      result = breach ? exhausted(context, breach) : { type: "continue" };
    } else if (response.text.trim() === "") {
      end("failed", "the model returned neither text nor tool calls");
      result = { type: "continue" };
    } else {
      end("ok");
      result =
        options.kind === "plan" || options.kind === "replan"
          ? { type: "continue" }
          : { type: "answer", text: response.text, kind: options.kind };
    }
  } catch (error) {
    if (!isAgentOneError(error)) throw error;
    end("failed", error.message);
    if (error instanceof BudgetExceededError && error.scope === "step") {
      // A step's own limit fails the step, not the run: the next step starts with a fresh step budget,
      // and repeated failures stop the run through the failed-steps rule.
      log.emit({
        type: "budget-exceeded",
        dimension: error.dimension,
        scope: "step",
        spent: error.spent,
        limit: error.limit,
        requested: error.requested,
      });
      result = { type: "continue" };
    } else if (error instanceof BudgetExceededError) result = exhausted(context, error);
    else if (error.code === "KILL_SWITCH_TRIGGERED") {
      const scope = (error as KillSwitchTriggeredError).scope;
      log.emit({ type: "run-kill", scope });
      result = { type: "killed", scope };
    } else if (error.code === "MODEL_CALL_ERROR") {
      const failure = error as ModelCallError;
      result = failure.retryable
        ? { type: "continue" }
        : { type: "stop", cause: { reason: `model_error:${failure.failure}` } };
    } else throw error;
  }
  await log.commit();
  return result;
}
