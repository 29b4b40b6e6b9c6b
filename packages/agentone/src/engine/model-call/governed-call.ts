import type { ModelResponse, ModelStreamPart, ToolDefinition } from "../../backends/model-backend.js";
import type { StepDeadlines } from "../../budget/ledger.js";
import type { NestedCall, StepKind } from "../../core/events/payload-schemas.js";
import type { Message } from "../../core/messages.js";
import type { StepDecision } from "../../policy/step-decision.js";

/** One model call to govern: the request, the decision routing made for it, and its limits in time. */
export interface GovernedCallRequest {
  step: number;
  kind: StepKind;
  decision: StepDecision;
  messages: Message[];
  tools: ToolDefinition[];
  /** The estimate of the request's input tokens (the same request the decision was made for). */
  estimatedInputTokens: number;
  deadlines: StepDeadlines;
  /** The termination summary may spend the held-back budget slice. */
  useHoldback: boolean;
  /** Set when a tool makes the call (see `nestedModelCaller`): recorded on every event of the call. */
  nested?: NestedCall;
}

/** What the call came to: the answer, and the decision that produced it (after any fallback). */
export interface GovernedCallResult {
  response: ModelResponse;
  decision: StepDecision;
  /** Time spent in model calls, including failed attempts and waits. */
  latencyMs: number;
}

/**
 * Where a streamed call's parts go as they arrive (see `streamModelCall`). The governed call hands each
 * delta over and waits until the consumer has taken it.
 */
export interface PartDelivery {
  /** Resolves once the consumer took the part; rejects with `signal`'s reason when it aborts first. */
  deliver(part: ModelStreamPart, signal: AbortSignal): Promise<void>;
  /** Aborts when the consumer stopped reading. */
  readonly stopped: AbortSignal;
  /** True once a part was handed over: from then on the call is neither retried nor sent elsewhere. */
  readonly started: boolean;
}
