import { ModelCallError } from "../../core/errors/index.js";

/**
 * The error for an answer cut after the server accepted it: a stream that stopped before `message_stop`,
 * or a whole response whose body broke off. Retryable, billed at the estimate, never a truncated answer.
 *
 * @example
 * ```ts
 * throw cutStreamError("the stream ended before message_stop");
 * ```
 */
export function cutStreamError(detail: string, cause?: unknown): ModelCallError {
  return new ModelCallError("cut_stream", `the Anthropic answer was cut: ${detail}`, {
    ...(cause === undefined ? {} : { cause }),
  });
}
