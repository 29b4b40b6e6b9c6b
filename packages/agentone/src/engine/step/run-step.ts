import {
  BudgetExceededError,
  isAgentOneError,
  type KillSwitchTriggeredError,
  type ModelCallError,
} from "../../core/errors/index.js";
import type { StepKind } from "../../core/events/payload-schemas.js";
import type { ToolCallRequest } from "../../core/messages.js";
import type { StepDecision } from "../../policy/decide-step.js";
import type { StopCause } from "../../policy/stop-rules.js";
import { decideCall, refusalBreach } from "../model-call/decide-call.js";
import { governModelCall } from "../model-call/govern-model-call.js";
import type { RunContext } from "../run-context.js";
import { executeToolCalls } from "../tool-call/execute-tools.js";
import { stepDeadlines } from "./deadlines.js";
import { budgetLine, requestMessages } from "./prompts.js";
import { runPolicy } from "./routing-input.js";

/** How a step ended, as the loop needs to know it. */
export type StepResult =
  | { type: "continue" }
  | { type: "answer"; text: string; kind: StepKind }
  /** The model declined (finish reason `refusal`): a defined outcome, not a failure to retry. */
  | { type: "refused"; text: string }
  | { type: "stop"; cause: StopCause }
  | { type: "killed"; scope: "run" | "global" };

export interface StepOptions {
  kind: StepKind;
  /** The termination summary may spend the held-back slice. */
  useHoldback?: boolean;
  stopReason?: string;
}

/** Answers tool calls from a step that offered no tools, without running them. */
function refuseToolCalls(
  context: RunContext,
  input: { step: number; calls: readonly ToolCallRequest[]; output: string },
): void {
  for (const call of input.calls) {
    context.log.emit({
      type: "tool-call",
      step: input.step,
      callId: call.id,
      tool: call.name,
      arguments: call.arguments,
    });
    context.log.emit({
      type: "tool-result",
      step: input.step,
      callId: call.id,
      tool: call.name,
      output: input.output,
      isError: true,
      errorReason: "denied",
      durationMs: 0,
    });
  }
}

/** The message that asks the model to test its edits before it answers (quality `thorough`). */
export const verificationText =
  "Before you answer: you changed files and have not run anything since. Run the project's tests with run_command and check the result, then answer.";

/**
 * Under a policy that verifies edits, an answer that follows untested edits is held back once: the model
 * is asked to run the tests first (only when it has a `run_command` tool to do it with).
 */
function verifyBeforeAnswer(context: RunContext, input: { step: number; kind: StepKind }): boolean {
  const state = context.log.state;
  if (input.kind !== "act" || !state.unverifiedEdits || state.verificationRequested) return false;
  if (!runPolicy(context).verifyAfterEdit) return false;
  if (!context.runtime.tools.some((tool) => tool.name === "run_command")) return false;
  if (!roomToVerify(context)) return false;
  context.log.emit({ type: "verification-request", step: input.step, text: verificationText });
  return true;
}

/**
 * Verifying takes two more steps and model calls (run the tests, then answer) and a tool call; a run
 * without that room keeps the answer it has rather than lose it to a budget stop.
 */
function roomToVerify(context: RunContext): boolean {
  const left = context.ledger.headroom({ useHoldback: false });
  const atLeast = (value: number | null, wanted: number) => value === null || value >= wanted;
  return atLeast(left.steps, 2) && atLeast(left.modelCalls, 2) && atLeast(left.toolCalls, 1);
}

/** How the step's model time compares with its SLA, when it has one. */
function slaOutcome(decision: StepDecision, actualMs: number) {
  if (decision.latencySlaMs === undefined) return {};
  const targetMs = decision.latencySlaMs;
  return {
    sla: { targetMs, predictedMs: decision.predictedLatencyMs ?? 0, actualMs, met: actualMs <= targetMs },
  };
}

/** Records the breach; the run stops on it (the termination policy follows). */
function exhausted(context: RunContext, breach: BudgetExceededError): StepResult {
  const error = context.ledger.recordBreach(breach);
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
    ? budgetLine(state.limits, context.ledger.spent, context.ledger.elapsedMs())
    : null;
  const messages = requestMessages({
    kind: options.kind,
    plan: state.plan,
    ...(options.stopReason ? { stopReason: options.stopReason } : {}),
    conversation: context.memo.conversation(state.messages),
    budget,
  });
  const tools = options.kind === "act" ? context.memo.toolDefinitions() : [];
  const estimatedInputTokens = context.memo.requestTokens.estimate({ messages, tools });
  const { decision, scope } = decideCall(context, {
    kind: options.kind,
    estimatedInputTokens,
    useHoldback: options.useHoldback ?? false,
  });
  if (
    !decision.allowed &&
    (decision.reason === "context_too_large" || decision.reason === "no_model_available")
  ) {
    // Not a budget matter: no model can take the conversation as it stands, or there is no model at all.
    await log.commit();
    return { type: "stop", cause: { reason: decision.reason } };
  }
  if (!decision.allowed) {
    // The policy found no model the budget can pay for: the ledger says which limit refuses it.
    const result = exhausted(context, refusalBreach(context, { decision, scope }));
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
  const statusBefore = state.status;
  log.transition(options.kind === "plan" ? "planning" : "running", `${options.kind} step`);
  // The store's run row (what `agentone runs` lists) is written with each commit. A status change is
  // committed as it happens, so while this step is in flight the run is listed as planning or running, not
  // as it was before (created, $0, for a whole first step on a slow model).
  if (log.state.status !== statusBefore) await log.commit();
  log.emit({ type: "step-start", step, kind: options.kind, decision });
  const startedAt = runtime.clock.now();
  const deadlines = stepDeadlines(context, {
    stepStartedAt: startedAt,
    forTermination: options.useHoldback ?? false,
  });
  let modelLatencyMs: number | null = null;
  let finalDecision = decision;
  const end = (status: "ok" | "failed", error?: string) =>
    log.emit({
      type: "step-end",
      step,
      kind: options.kind,
      status,
      ...(error ? { error } : {}),
      durationMs: runtime.clock.now() - startedAt,
      ...slaOutcome(finalDecision, modelLatencyMs ?? runtime.clock.now() - startedAt),
    });
  let result: StepResult;
  try {
    const call = await governModelCall(context, {
      step,
      kind: options.kind,
      decision,
      messages,
      tools,
      estimatedInputTokens,
      deadlines,
      useHoldback: options.useHoldback ?? false,
    });
    const response = call.response;
    modelLatencyMs = call.latencyMs;
    finalDecision = call.decision;
    const toolless = options.kind === "final" || options.kind === "summarize";
    const allowedToolCalls = runPolicy(context).maxToolCallsPerTurn;
    if (response.finishReason === "refusal" && response.toolCalls.length === 0) {
      // Asking the same model again gets the same refusal: the run ends on it, with the model's words.
      end("ok");
      result = { type: "refused", text: response.text };
    } else if (toolless && response.toolCalls.length > 0) {
      // A step offered no tools gets none: the calls are answered, not run, and any text is the answer.
      refuseToolCalls(context, {
        step,
        calls: response.toolCalls,
        output: "Error: no tools are available in this step; answer with text.",
      });
      const text = response.text.trim();
      end(
        text === "" ? "failed" : "ok",
        text === "" ? "the model asked for tools in a step without tools" : undefined,
      );
      result =
        text === "" ? { type: "continue" } : { type: "answer", text: response.text, kind: options.kind };
    } else if (response.toolCalls.length > allowedToolCalls) {
      // Refused before any of them runs: thousands of calls in one turn is a runaway (or hostile) model,
      // and one error per call keeps the conversation valid for every wire protocol.
      const allowed = allowedToolCalls;
      const asked = response.toolCalls.length;
      refuseToolCalls(context, {
        step,
        calls: response.toolCalls,
        output: `Error: this turn asked for ${asked} tool calls, but at most ${allowed} are allowed in one turn; none of them ran. Ask for at most ${allowed} at a time.`,
      });
      end("failed", `the model asked for ${asked} tool calls in one turn (at most ${allowed} allowed)`);
      result = { type: "continue" };
    } else if (response.toolCalls.length > 0) {
      const breach = await executeToolCalls(context, { step, calls: response.toolCalls, deadlines });
      context.ledger.recordWarnings();
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
          : verifyBeforeAnswer(context, { step, kind: options.kind })
            ? { type: "continue" }
            : { type: "answer", text: response.text, kind: options.kind };
    }
  } catch (error) {
    if (!isAgentOneError(error)) throw error;
    end("failed", error.message);
    if (error instanceof BudgetExceededError && error.scope === "step") {
      // A step's own limit fails the step, not the run: the next step starts with a fresh step budget,
      // and repeated failures stop the run through the failed-steps rule.
      context.ledger.recordBreach(error);
      result = { type: "continue" };
    } else if (error instanceof BudgetExceededError) result = exhausted(context, error);
    else if (error.code === "USAGE_ANOMALY") result = { type: "stop", cause: { reason: "usage_anomaly" } };
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
  // The next model call, or the next commit, waits for this write; until then the loop goes on.
  log.commitInBackground();
  return result;
}
