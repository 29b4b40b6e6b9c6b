import {
  AnthropicError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from "@anthropic-ai/sdk";
import { ModelCallError } from "../../core/errors/index.js";
import { classifyHttpError } from "../http/classify-http-error.js";
import { parseRetryAfter } from "../http/parse-retry-after.js";
import { containsSecret, redactSecrets } from "../http/redact-secrets.js";

/** What turning an SDK error into a ModelCallError needs to know. */
export interface AnthropicErrorContext {
  /**
   * Removed from every message (the API key and the base URL's credentials, in every form a server may
   * echo them); an error that still carries one loses its `cause`.
   */
  secrets: readonly string[];
  /** Wall-clock time, for `retry-after` dates and `anthropic-ratelimit-*-reset` timestamps. */
  now: number;
}

const maxMessageLength = 500;

function tidy(text: string, context: AnthropicErrorContext): string {
  const redacted = redactSecrets(text, context.secrets).trim();
  return redacted.length > maxMessageLength ? `${redacted.slice(0, maxMessageLength)}…` : redacted;
}

/** The SDK error as `cause`, unless something in it (message or body) still holds the key. */
function safeCause(error: unknown, context: AnthropicErrorContext): unknown {
  if (context.secrets.length === 0) return error;
  const visible =
    error instanceof APIError ? `${error.message}${JSON.stringify(error.error)}` : String(error);
  return containsSecret(visible, context.secrets) ? undefined : error;
}

/** The innermost message of a cause chain: `fetch failed` hides `connect ECONNREFUSED 127.0.0.1:9`. */
function rootMessage(error: unknown): string {
  let current: unknown = error;
  let message = "";
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    message = current.message;
    current = current.cause;
  }
  return message;
}

function requestIdOf(error: APIError): string | undefined {
  const body = error.error as { request_id?: unknown } | undefined;
  const id = error.requestID ?? body?.request_id;
  return typeof id === "string" && id !== "" ? id : undefined;
}

function fromApiError(error: APIError, context: AnthropicErrorContext): ModelCallError {
  // Without a JSON body the SDK's message is "<status> <body text>"; drop the status classify adds again.
  const statusPrefix = error.status === undefined ? "" : `${error.status} `;
  const text = error.apiMessage ?? error.message.replace(statusPrefix, "");
  const requestId = requestIdOf(error);
  const shouldRetry = error.headers?.get("x-should-retry");
  return classifyHttpError({
    status: error.status,
    message: tidy(requestId ? `${text} (request-id ${requestId})` : text, context),
    errorType: error.type ?? error.errorCode ?? undefined,
    retryAfterMs: parseRetryAfter(error.headers, context.now),
    shouldRetry: shouldRetry === "true" ? true : shouldRetry === "false" ? false : undefined,
    cause: safeCause(error, context),
  });
}

/**
 * Turns whatever the Anthropic SDK threw into a typed ModelCallError: HTTP errors (including 529
 * `overloaded_error` and an `event: error` inside a 200 stream) go through `classifyHttpError` with the
 * server's wait hint; timeouts and connection failures are retryable; other SDK-side errors are not. The
 * caller rethrows its own abort signal's reason before calling this.
 *
 * @example
 * ```ts
 * try { await client.messages.create(body); } catch (error) {
 *   throw toAnthropicModelCallError(error, { secrets: [apiKey], now: Date.now() });
 * }
 * ```
 */
export function toAnthropicModelCallError(error: unknown, context: AnthropicErrorContext): ModelCallError {
  if (error instanceof ModelCallError) return error;
  const cause = safeCause(error, context);
  if (error instanceof APIUserAbortError) {
    return new ModelCallError("aborted", "the Anthropic request was aborted", { cause });
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new ModelCallError("timeout", "the Anthropic request timed out", { cause });
  }
  if (error instanceof APIConnectionError) {
    const message = tidy(`could not reach the Anthropic API: ${rootMessage(error)}`, context);
    return new ModelCallError("connection", message, { cause });
  }
  if (error instanceof APIError) return fromApiError(error, context);
  const message = tidy(error instanceof Error ? error.message : String(error), context);
  // The SDK's own non-HTTP errors are about the request it was given: retrying cannot help.
  if (error instanceof AnthropicError) return new ModelCallError("bad_request", message, { cause });
  return new ModelCallError("connection", `the Anthropic response failed: ${message}`, { cause });
}
