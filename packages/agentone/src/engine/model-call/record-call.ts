import type { BackendWarning, FinishReason, ToolDefinition } from "../../backends/model-backend.js";
import type { ModelCallError } from "../../core/errors/index.js";
import type { NestedCall } from "../../core/events/payload-schemas.js";
import type { Message, ToolCallRequest } from "../../core/messages.js";
import type { TokenUsage } from "../../core/token-usage.js";
import type { CacheRecord } from "../model-cache/run-caches.js";
import type { RunContext } from "../run-context.js";
import type { CircuitTransition } from "./backend-health.js";

/** Which attempt of which call an event belongs to. */
export interface CallPosition {
  step: number;
  callId: string;
  model: string;
  backend: string;
  nested?: NestedCall;
}

/** What a call answered, as the log records it and as the response cache keeps it. */
export interface RecordedAnswer {
  model: string;
  modelVersion: string;
  backend: string;
  text: string;
  toolCalls: ToolCallRequest[];
  finishReason: FinishReason;
  usage: TokenUsage;
  usageEstimated?: true;
  costNanoUsd: number;
  latencyMs: number;
  warnings: BackendWarning[];
  provenance: Record<string, string>;
}

const nestedOf = (position: CallPosition) => (position.nested ? { nested: position.nested } : {});

/**
 * Records what is about to be sent (`model-call-start`).
 *
 * @example
 * ```ts
 * recordCallStart(context, { position, attempt: 1, request: { messages, tools, maxOutputTokens: 1024, temperature: 0, seed: 7 } });
 * ```
 */
export function recordCallStart(
  context: RunContext,
  input: {
    position: CallPosition;
    attempt: number;
    request: {
      messages: Message[];
      tools: ToolDefinition[];
      maxOutputTokens: number;
      temperature: number;
      seed: number;
    };
  },
): void {
  const { position, request } = input;
  context.log.emit({
    type: "model-call-start",
    step: position.step,
    callId: position.callId,
    attempt: input.attempt,
    model: position.model,
    backend: position.backend,
    request: {
      messages: request.messages,
      tools: request.tools.map((tool) => tool.name),
      maxOutputTokens: request.maxOutputTokens,
      temperature: request.temperature,
      seed: request.seed,
    },
    ...nestedOf(position),
  });
}

/**
 * Records the answer (`model-call-end`), with the cache record the lookup before the call gave.
 *
 * @example
 * ```ts
 * recordCallEnd(context, { position, answer, cache: followUp.record });
 * ```
 */
export function recordCallEnd(
  context: RunContext,
  input: { position: CallPosition; answer: RecordedAnswer; cache: CacheRecord | null | undefined },
): void {
  const { position } = input;
  context.log.emit({
    type: "model-call-end",
    step: position.step,
    callId: position.callId,
    ...input.answer,
    ...(input.cache ? { cache: input.cache } : {}),
    ...nestedOf(position),
  });
}

/**
 * Records a failed attempt (`model-call-error`), with what it was charged when it was.
 *
 * @example
 * ```ts
 * recordCallError(context, { position, failure, latencyMs: 1200, costNanoUsd: 0 });
 * ```
 */
export function recordCallError(
  context: RunContext,
  input: {
    position: CallPosition;
    failure: ModelCallError;
    latencyMs: number;
    costNanoUsd: number | undefined;
  },
): void {
  const { position, failure } = input;
  context.log.emit({
    type: "model-call-error",
    step: position.step,
    callId: position.callId,
    model: position.model,
    backend: position.backend,
    code: failure.code,
    failure: failure.failure,
    message: failure.message,
    retryable: failure.retryable,
    latencyMs: input.latencyMs,
    ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
    ...(input.costNanoUsd ? { costNanoUsd: input.costNanoUsd } : {}),
    ...nestedOf(position),
  });
}

/**
 * Records a circuit's change of state, if there was one.
 *
 * @example
 * ```ts
 * recordCircuitTransition(context, runtime.health.admit("openai").transition);
 * ```
 */
export function recordCircuitTransition(context: RunContext, transition: CircuitTransition | null): void {
  if (transition) context.log.emit({ type: "circuit-transition", ...transition });
}
