/**
 * The errors for an answer that arrived broken: cut short, or not a chat completion. They need nothing of
 * the SDK, so the readers that raise them load without it.
 */
import { ModelCallError } from "../../core/errors/index.js";
import { classifyHttpError } from "../http/classify-http-error.js";

// An HTML error page from a proxy is not worth carrying whole.
const maximumMessageLength = 1000;

/** `text` cut to the length an error message carries, for every OpenAI-compatible error. */
export function shortenErrorText(text: string): string {
  return text.length > maximumMessageLength ? `${text.slice(0, maximumMessageLength)}…` : text;
}

/**
 * The answer stopped before its end: no `finish_reason`, no usage chunk although `include_usage` was
 * asked for, or a broken connection. Retryable, and never passed on as a silently truncated answer.
 *
 * @example
 * ```ts
 * throw openAICutStreamError({ publicUrl, detail: "the stream ended without a finish_reason" });
 * ```
 */
export function openAICutStreamError(options: {
  publicUrl: string;
  detail: string;
  cause?: unknown;
}): ModelCallError {
  return new ModelCallError("cut_stream", `the answer from ${options.publicUrl} was cut: ${options.detail}`, {
    cause: options.cause,
  });
}

/**
 * The server answered 200 with something that is not a chat completion (a proxy's HTML page, a
 * different API). Classified like an in-stream error: a retryable server failure.
 *
 * @example
 * ```ts
 * throw openAIMalformedResponseError({ publicUrl, detail: "choices: expected array" });
 * ```
 */
export function openAIMalformedResponseError(options: { publicUrl: string; detail: string }): ModelCallError {
  return classifyHttpError({
    status: undefined,
    message: `${options.publicUrl} sent something that is not a chat completion: ${shortenErrorText(options.detail)}`,
  });
}
