import { AgentOneError, type AgentOneErrorOptions } from "./agentone-error.js";
import { failureTraits } from "./failure-traits.js";

/** What went wrong with a model call; decides retryability and routing (e.g. context length). */
export type ModelCallFailure =
  | "rate_limit"
  | "server"
  | "overloaded"
  | "timeout"
  | "connection"
  | "cut_stream"
  /**
   * The server could not use the model's own output (Ollama's HTTP 500 "error parsing tool call"). The
   * same request gives the same failure, so a retry must change the sampling or move to another model.
   */
  | "model_output"
  | "context_length"
  | "bad_request"
  | "authentication"
  | "not_found"
  | "aborted";

/** A model call failed. `retryable` follows the failure kind unless overridden. */
export class ModelCallError extends AgentOneError {
  readonly failure: ModelCallFailure;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    failure: ModelCallFailure,
    message: string,
    options: AgentOneErrorOptions & { status?: number; retryAfterMs?: number } = {},
  ) {
    super("MODEL_CALL_ERROR", message, {
      ...options,
      retryable: options.retryable ?? failureTraits[failure].retryable,
      details: { failure, status: options.status, retryAfterMs: options.retryAfterMs },
    });
    this.failure = failure;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}
