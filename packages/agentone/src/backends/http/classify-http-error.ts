import { failureTraits, ModelCallError, type ModelCallFailure } from "../../core/errors/index.js";

/** What a protocol error tells us, gathered by each adapter from its own error shape. */
export interface HttpErrorFacts {
  /** HTTP status; undefined for an error event inside a 200 stream. */
  status: number | undefined;
  message: string;
  /** The error's type or code as the server names it (`rate_limit_exceeded`, `overloaded_error`, ...). */
  errorType?: string | undefined;
  retryAfterMs?: number | undefined;
  /** `x-should-retry` when the server sent it. */
  shouldRetry?: boolean | undefined;
  cause?: unknown;
}

/** The server failed to parse what the model generated (Ollama: its tool-call parser, per model family). */
const modelOutput = /error parsing tool call|tool call parsing failed/i;

const contextLength =
  /context[_ ]length|context window|maximum context|prompt is too long|too many tokens|max_tokens.*exceed|model_context_window_exceeded/i;

function failureOf(facts: HttpErrorFacts): ModelCallFailure {
  const type = facts.errorType ?? "";
  if (contextLength.test(type) || contextLength.test(facts.message)) return "context_length";
  // Out of quota or credit is a 429 that waiting does not fix.
  if (/insufficient_quota|credit_balance|billing/i.test(type)) return "authentication";
  // A 500 all the same, but not the server's health: the model's own output could not be parsed.
  if (modelOutput.test(facts.message)) return "model_output";
  if (/overloaded|server_is_overloaded|slow_down/i.test(type)) return "overloaded";
  if (/rate_limit/i.test(type)) return "rate_limit";
  const status = facts.status;
  if (status === undefined) return /overloaded/i.test(facts.message) ? "overloaded" : "server";
  if (status === 401 || status === 403 || status === 402) return "authentication";
  if (status === 404) return "not_found";
  if (status === 408 || status === 504) return "timeout";
  if (status === 409) return "server";
  if (status === 429) return "rate_limit";
  if (status === 503 || status === 529) return "overloaded";
  if (status >= 500) return "server";
  return "bad_request";
}

/**
 * Turns a protocol error into a typed ModelCallError: 408/409/429/5xx/529, timeouts and overload are
 * retryable (unless the server says `x-should-retry: false`); 400/401/403/404, quota and context-length
 * errors are not. A server that could not parse the model's output ("error parsing tool call") is
 * `model_output`: retryable, but only with different sampling. Context-length errors are marked so routing can pick a model with a larger window.
 *
 * @example
 * ```ts
 * classifyHttpError({ status: 429, message: "Rate limit reached", errorType: "rate_limit_exceeded", retryAfterMs: 3890 });
 * // ModelCallError { failure: "rate_limit", retryable: true, retryAfterMs: 3890 }
 * ```
 */
export function classifyHttpError(facts: HttpErrorFacts): ModelCallError {
  const failure = failureOf(facts);
  const status = facts.status === undefined ? "" : `${facts.status} `;
  return new ModelCallError(failure, `${status}${facts.message}`.trim(), {
    cause: facts.cause,
    ...(facts.status === undefined ? {} : { status: facts.status }),
    ...(facts.retryAfterMs === undefined ? {} : { retryAfterMs: facts.retryAfterMs }),
    ...(facts.shouldRetry === undefined
      ? {}
      : { retryable: facts.shouldRetry && !failureTraits[failure].needsLargerModel }),
  });
}
