import type { StepDeadlines } from "../../budget/ledger.js";
import { ToolError } from "../../core/errors/index.js";
import type { NestedCall } from "../../core/events/payload-schemas.js";
import type { Message } from "../../core/messages.js";
import { decideNestedCall, type StepDecision } from "../../policy/decide-step.js";
import { reasons } from "../../policy/reason-codes.js";
import type { NestedModelRequest } from "../../tools/tool.js";
import type { RunContext } from "../run-context.js";
import { earliestDeadline } from "../step/deadlines.js";
import { routingInput } from "../step/routing-input.js";
import { governModelCall } from "./govern-model-call.js";

/** The tool call a nested caller serves. */
export interface NestedCallOrigin {
  step: number;
  tool: string;
  toolCallId: string;
  deadlines: StepDeadlines;
}

type RoutingOptions = { estimatedInputTokens: number; withStepLimits: boolean };

function route(context: RunContext, options: RoutingOptions): StepDecision {
  return decideNestedCall(routingInput(context, { kind: "summarize", useHoldback: false, ...options }));
}

/**
 * Why no model was chosen, as the tool reports it: a budget breach at the scope that caused it (the step's
 * own limits when the run alone would have allowed the call), else a plain failure naming the reason.
 */
function refusal(context: RunContext, input: { decision: StepDecision; estimatedInputTokens: number }) {
  const { decision, estimatedInputTokens } = input;
  const { limits } = context.log.state;
  const dimension = decision.limitedBy ?? "usd";
  const stepOnly = route(context, { estimatedInputTokens, withStepLimits: false }).allowed;
  const scoped = stepOnly ? (limits.step ?? {}) : limits;
  if ((dimension === "usd" ? scoped.usd : scoped.tokens) === undefined)
    return new ToolError("failed", `no model can take this call: ${decision.explanation}`);
  // The step's spending is not in the run state until it settles: a step limit is reported as reached.
  return context.ledger.refuseRouting({
    dimension,
    scope: stepOnly ? "step" : "run",
    reportStepAs: "reached",
  });
}

/** A tool that goes on calling after a kill or past a deadline is stopped before anything is reserved. */
function assertMayCall(context: RunContext, deadlines: StepDeadlines): void {
  context.killSignal.throwIfAborted();
  const deadline = earliestDeadline(deadlines);
  if (deadline === null || context.runtime.clock.now() < deadline) return;
  const stepEnds = deadlines.stepEndsAt !== null && deadlines.stepEndsAt === deadline;
  throw context.ledger.wallClockBreach(stepEnds ? "step" : "run");
}

/**
 * The `completeText` a tool call receives: each call is a model call of the run, made inside the tool
 * call's step. It is routed by `decideNestedCall` (the `summarize` tiers, or the run's pinned model,
 * within what the run and the step still have, never the held-back slice), goes through the same caches,
 * reservation, retries, fallbacks and circuit breakers as the step's own call, and is recorded with
 * `nested` on its events, so its answer goes to the tool and not into the conversation. A nested call
 * gets what is left of the run's budget, never a fresh one.
 *
 * Rejects with BudgetExceededError when no model fits what is left, KillSwitchTriggeredError when the run
 * is killed, ModelCallError when every attempt failed, and ToolError when the request fits no model's
 * context window.
 *
 * @example
 * ```ts
 * const completeText = nestedModelCaller(context, { step: 4, tool: "summarize_document", toolCallId: "call_1", deadlines });
 * const summary = await completeText({ purpose: "summarize_document", instructions, input: text, maxOutputTokens: 600 });
 * ```
 */
export function nestedModelCaller(
  context: RunContext,
  origin: NestedCallOrigin,
): (request: NestedModelRequest) => Promise<string> {
  let calls = 0;
  return async (request) => {
    assertMayCall(context, origin.deadlines);
    const index = calls++;
    const messages: Message[] = [
      { role: "system", content: request.instructions },
      { role: "user", content: request.input },
    ];
    const estimatedInputTokens = context.memo.requestTokens.estimate({ messages, tools: [] });
    const routed = route(context, { estimatedInputTokens, withStepLimits: true });
    if (!routed.allowed && routed.reason === reasons.contextTooLarge)
      throw new ToolError("too_large", `the ${request.purpose} request fits no model's context window`);
    if (!routed.allowed) throw refusal(context, { decision: routed, estimatedInputTokens });
    const model = context.runtime.backends.resolve(routed.model).model;
    const decision = {
      ...routed,
      maxOutputTokens: Math.min(request.maxOutputTokens, model.maxOutputTokens),
    };
    const nested: NestedCall = {
      tool: origin.tool,
      toolCallId: origin.toolCallId,
      purpose: request.purpose,
      index,
      maxOutputTokens: request.maxOutputTokens,
    };
    const result = await governModelCall(context, {
      step: origin.step,
      kind: "summarize",
      decision,
      messages,
      tools: [],
      estimatedInputTokens,
      deadlines: origin.deadlines,
      useHoldback: false,
      nested,
    });
    return result.response.text;
  };
}
