import type { ModelStreamPart } from "../../backends/model-backend.js";
import { Ledger } from "../../budget/ledger.js";
import {
  BudgetExceededError,
  isAgentOneError,
  KillSwitchTriggeredError,
  ModelCallError,
  UsageError,
} from "../../core/errors/index.js";
import { createRandom } from "../../core/random.js";
import { isTerminalStatus } from "../../core/run-status.js";
import { type OpenedForCaller, openRunForCaller } from "../lifecycle/open-run-for-caller.js";
import type { RunContext } from "../run-context.js";
import { createRunMemo } from "../run-memo.js";
import type { Runtime } from "../runtime.js";
import { stepDeadlines } from "../step/deadlines.js";
import { resolveRunPolicy } from "../step/routing-input.js";
import { decideCall, refusalBreach } from "./decide-call.js";
import { governModelCall } from "./govern-model-call.js";
import type { GovernedCallRequest, GovernedCallResult } from "./governed-call.js";
import { type RunChatRequest, validateRunChatRequest } from "./run-chat-request.js";
import { streamModelCall } from "./stream-model-call.js";

/** A chat request from a caller outside the loop (the REST API, the OpenAI-compatible gateway). */

/** The run a call is charged to, and what to call. */
export interface RunChatCall {
  runId: string;
  request: RunChatRequest;
}

/** Claims the run for the call (a concurrent writer would fork its log), loads it, builds its context. */
function openRun(runtime: Runtime, runId: string): Promise<OpenedForCaller<{ context: RunContext }>> {
  return openRunForCaller(runtime, runId, {
    busy: () =>
      new UsageError(`run ${runId} is being executed by another process; a model call cannot join it`),
    open: (log, state) => {
      if (isTerminalStatus(state.status))
        throw new UsageError(`run ${runId} has ended (${state.status}); its budget takes no more calls`);
      const killController = new AbortController();
      const unwatch = runtime.killSwitch.watch(runId, (scope) =>
        killController.abort(new KillSwitchTriggeredError(scope)),
      );
      const context: RunContext = {
        runtime,
        log,
        // The loop's hold-back (for its closing summary) is not kept: no summary follows this call.
        ledger: new Ledger({ run: log, nextId: () => runtime.ids.next("reservation") }),
        random: createRandom(state.options.seed).fork(`retry:${state.lastSeq}`),
        killSignal: killController.signal,
        policy: resolveRunPolicy(state.options),
        memo: createRunMemo(runtime),
      };
      return { context, onClose: unwatch };
    },
  });
}

/** Routes the request and shapes it for the kernel; a refusal is recorded and thrown. */
async function prepare(context: RunContext, request: RunChatRequest): Promise<GovernedCallRequest> {
  const { runtime, log } = context;
  const scope = await runtime.killSwitch.check(log.runId);
  if (scope) throw new KillSwitchTriggeredError(scope);
  context.killSignal.throwIfAborted();
  const tools = request.tools ?? [];
  const estimatedInputTokens = context.memo.requestTokens.estimate({ messages: request.messages, tools });
  const hint = {
    ...(request.model ? { model: request.model } : {}),
    ...(request.tier ? { tier: request.tier } : {}),
  };
  const routed = decideCall(context, { kind: "act", estimatedInputTokens, useHoldback: false, hint });
  const { decision } = routed;
  if (!decision.allowed && decision.reason === "context_too_large")
    throw new ModelCallError(
      "context_length",
      `the request fits no model's context window: ${decision.explanation}`,
    );
  if (!decision.allowed && decision.reason === "no_model_available")
    throw new ModelCallError("not_found", `no model can take the request: ${decision.explanation}`);
  if (!decision.allowed) throw refusalBreach(context, routed);
  const maxOutputTokens =
    request.maxOutputTokens === undefined
      ? decision.maxOutputTokens
      : Math.min(request.maxOutputTokens, decision.maxOutputTokens);
  return {
    step: log.state.lastStep,
    kind: "act",
    decision: { ...decision, maxOutputTokens },
    messages: request.messages,
    tools,
    estimatedInputTokens,
    deadlines: stepDeadlines(context, { stepStartedAt: runtime.clock.now(), forTermination: false }),
    useHoldback: false,
  };
}

/** Records why a call ended when the run's budget or kill switch ended it. */
function recordEnding(context: RunContext, error: unknown): void {
  if (!isAgentOneError(error)) return;
  if (error instanceof BudgetExceededError) context.ledger.recordBreach(error);
  if (error.code === "KILL_SWITCH_TRIGGERED")
    context.log.emit({ type: "run-kill", scope: (error as KillSwitchTriggeredError).scope });
}

/**
 * Governs one model call charged to an existing run, for a caller that has only the run's id and a chat
 * request (the REST API, the OpenAI-compatible gateway): the run's budget, policy, caches, retries,
 * fallbacks and circuit breakers apply exactly as to the loop's own calls, and the same events are
 * appended to the run's log and committed before this returns (or throws).
 *
 * The run is held for the call's duration (a run the loop is executing refuses it); the call is recorded
 * in the run's latest step, its answer joins the run's conversation, and the run's status is not changed:
 * a budget breach records `budget-exceeded` and a kill records `run-kill`, and ending the run is left to
 * its owner. See docs/design.md §4.2 for what it does not do.
 *
 * Throws BudgetExceededError, KillSwitchTriggeredError, ModelCallError, UsageError (the run has ended or
 * is held elsewhere) or NotFoundError (no such run).
 *
 * @example
 * ```ts
 * const { response } = await callModelForRun(runtime, {
 *   runId: "run_01kx3c9d7q4m8z",
 *   request: { messages: [{ role: "user", content: "Summarize this diff: ..." }], maxOutputTokens: 400 },
 * });
 * ```
 */
export async function callModelForRun(runtime: Runtime, call: RunChatCall): Promise<GovernedCallResult> {
  const request = validateRunChatRequest(call.request, runtime.backends);
  const run = await openRun(runtime, call.runId);
  try {
    return await governModelCall(run.context, await prepare(run.context, request));
  } catch (error) {
    recordEnding(run.context, error);
    throw error;
  } finally {
    await run.close();
  }
}

/**
 * The streamed form of `callModelForRun`: deltas as the backend sends them, then one `finish` part (see
 * `streamModelCall` for retries, cuts, kills and a consumer that stops reading). The run is opened when
 * reading begins and its events are committed before the iterator finishes, throws or returns.
 *
 * @example
 * ```ts
 * for await (const part of streamModelForRun(runtime, { runId, request: { messages } })) {
 *   if (part.type === "text-delta") response.write(part.text);
 * }
 * ```
 */
export async function* streamModelForRun(
  runtime: Runtime,
  call: RunChatCall,
): AsyncGenerator<ModelStreamPart, void, undefined> {
  const request = validateRunChatRequest(call.request, runtime.backends);
  const run = await openRun(runtime, call.runId);
  try {
    yield* streamModelCall(run.context, await prepare(run.context, request));
  } catch (error) {
    recordEnding(run.context, error);
    throw error;
  } finally {
    await run.close();
  }
}
