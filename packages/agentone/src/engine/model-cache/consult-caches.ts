import type { ModelResponse, ToolDefinition } from "../../backends/model-backend.js";
import type { ModelCacheKeyInput } from "../../cache/model-cache-key.js";
import type { NestedCall, StepKind } from "../../core/events/payload-schemas.js";
import type { Message } from "../../core/messages.js";
import type { ModelSpec } from "../../core/model-spec.js";
import type { TokenUsage } from "../../core/token-usage.js";
import type { RunContext } from "../run-context.js";
import type { CachedModelAnswer } from "./cached-answer.js";
import type { CacheHitRecord, CacheRecord } from "./run-caches.js";

/** Where a successful call's answer goes afterwards, and what its `model-call-end` says about the cache. */
export interface CacheFollowUp {
  record: CacheRecord | null;
  /** Store the answer under this response-cache key (null: do not). */
  modelKey: string | null;
  /** Store the answer as the run's reusable plan under this key (null: do not). */
  planKey: string | null;
}

export type CacheOutcome = { served: ModelResponse } | { served: null; followUp: CacheFollowUp };

export interface CacheQuery {
  step: number;
  kind: StepKind;
  attempt: number;
  model: ModelSpec;
  backend: string;
  messages: Message[];
  tools: ToolDefinition[];
  maxOutputTokens: number;
  /** Set when a tool makes the call: recorded on its events, and part of where replay looks it up. */
  nested?: NestedCall;
}

const noUsage: TokenUsage = {
  inputTokens: 0,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
};

/** What the provider would receive: the exact-match key is computed from this. */
function keyInput(context: RunContext, query: CacheQuery): ModelCacheKeyInput {
  const { temperature, seed } = context.log.state.options;
  return {
    model: query.model.remoteId ?? query.model.id,
    backend: query.backend,
    contextWindow: query.model.contextWindow,
    messages: query.messages,
    tools: query.tools,
    temperature,
    seed,
    maxOutputTokens: query.maxOutputTokens,
  };
}

/**
 * A turn answered without calling the model: `model-call-start` with the request (what was asked), then
 * `model-call-end` with the cached answer, zero usage and cost, and the hit record naming its source. No
 * budget is reserved or settled and the backend's health is not touched: nothing was sent.
 */
function serveHit(
  context: RunContext,
  input: {
    query: CacheQuery;
    answer: Omit<CachedModelAnswer, "toolCalls" | "finishReason" | "warnings"> & Partial<CachedModelAnswer>;
    hit: CacheHitRecord;
  },
): ModelResponse {
  const { runtime, log } = context;
  const { query, answer, hit } = input;
  const { temperature, seed } = log.state.options;
  const startedAt = runtime.clock.now();
  const callId = runtime.ids.next("call");
  const nested = query.nested ? { nested: query.nested } : {};
  log.emit({
    type: "model-call-start",
    step: query.step,
    callId,
    attempt: query.attempt,
    model: query.model.id,
    backend: query.backend,
    request: {
      messages: query.messages,
      tools: query.tools.map((tool) => tool.name),
      maxOutputTokens: query.maxOutputTokens,
      temperature,
      seed,
    },
    ...nested,
  });
  const response: ModelResponse = {
    text: answer.text,
    toolCalls: answer.toolCalls ?? [],
    finishReason: answer.finishReason ?? "stop",
    usage: noUsage,
    modelVersion: answer.modelVersion,
    warnings: answer.warnings ?? [],
    provenance: answer.provenance,
  };
  log.emit({
    type: "model-call-end",
    step: query.step,
    callId,
    model: answer.model,
    modelVersion: answer.modelVersion,
    backend: answer.backend,
    text: response.text,
    toolCalls: response.toolCalls,
    finishReason: response.finishReason,
    usage: noUsage,
    costNanoUsd: 0,
    latencyMs: runtime.clock.now() - startedAt,
    warnings: response.warnings ?? [],
    provenance: answer.provenance,
    cache: hit,
    ...nested,
  });
  return response;
}

/**
 * Before a model is called for a step: a run's first plan step may reuse a plan written earlier for the
 * same goal on the same workspace; any call may be answered by the exact-match response cache. Either
 * serves the turn (events emitted, nothing sent), or says how to record and store the answer the model
 * is about to give.
 */
export async function consultCaches(context: RunContext, query: CacheQuery): Promise<CacheOutcome> {
  const { runtime, log } = context;
  const state = log.state;
  const runId = state.runId;
  const request = keyInput(context, query);
  const honoursSeed = query.model.capabilities.seed;
  const position = {
    runId,
    step: query.step,
    attempt: query.attempt,
    ...(query.nested ? { nested: query.nested } : {}),
  };
  let planKey: string | null = null;
  if (query.kind === "plan" && state.plan === null && query.attempt === 1) {
    const plan = await runtime.caches.consultPlan({
      ...position,
      runAllows: state.options.cache?.models ?? true,
      request,
      honoursSeed,
      goal: state.goal,
      workspace: state.workspace,
      toolNames: runtime.tools.map((tool) => tool.name),
    });
    if (plan.hit) return { served: serveHit(context, { query, answer: plan.plan, hit: plan.hit }) };
    planKey = plan.storeKey;
  }
  const consultation = await runtime.caches.consultModel({
    ...position,
    runAllows: state.options.cache?.models ?? true,
    request,
    requestKey: () => context.memo.cacheKeys.keyOf(request),
    honoursSeed,
  });
  if (consultation.hit) {
    return { served: serveHit(context, { query, answer: consultation.answer, hit: consultation.hit }) };
  }
  return {
    served: null,
    followUp: { record: consultation.record, modelKey: consultation.storeKey, planKey },
  };
}

/**
 * After a successful call: stores the answer under the keys the lookup gave. An answer cut by a clamped
 * output limit is not stored (the key names the limit the step asked for, not the one the budget allowed),
 * nor is an empty one (the step treats it as a failure, and serving it again would repeat the failure).
 */
export async function rememberAnswer(
  context: RunContext,
  input: {
    followUp: CacheFollowUp;
    step: number;
    answer: CachedModelAnswer;
    clamped: boolean;
  },
): Promise<void> {
  const { followUp, answer } = input;
  if (input.clamped || (answer.text.trim() === "" && answer.toolCalls.length === 0)) return;
  const { caches } = context.runtime;
  const { log } = context;
  const runId = log.state.runId;
  // The store's entries go out with the step's events, in the same statement (`RunLog.commit`), when the
  // caches write to the run's own store.
  const write = log.deferredCacheWrite();
  if (followUp.modelKey !== null)
    await caches.rememberModel({ key: followUp.modelKey, answer, runId, step: input.step }, write);
  if (followUp.planKey !== null && answer.toolCalls.length === 0)
    await caches.rememberPlan({ key: followUp.planKey, plan: answer, runId, step: input.step }, write);
}
