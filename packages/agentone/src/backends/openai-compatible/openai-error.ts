/**
 * The `openai` SDK's failures as typed ModelCallErrors. HTTP errors and error events inside a 200 stream go
 * through the shared classifier, so this backend is retried and routed like every other one.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { ModelCallError } from "../../core/errors/index.js";
import { classifyHttpError } from "../http/classify-http-error.js";
import { parseRetryAfter } from "../http/parse-retry-after.js";
import { containsSecret, redactSecrets } from "../http/redact-secrets.js";
import { openAIErrorBodySchema } from "./openai-api-types.js";

/** What the conversion needs to know about the call. */
export interface OpenAIErrorContext {
  /** The base URL without credentials, named in connection errors. */
  publicUrl: string;
  /** Scrubbed from every message; an error whose text held one loses its `cause`. */
  secrets: readonly string[];
  /** Milliseconds since the epoch, for `retry-after` given as an HTTP date. */
  now: number;
}

// An HTML error page from a proxy is not worth carrying whole.
const maximumMessageLength = 1000;

function shorten(text: string): string {
  return text.length > maximumMessageLength ? `${text.slice(0, maximumMessageLength)}…` : text;
}

// Quota and billing 429s are final whatever `x-should-retry` says: waiting does not refill a balance.
const outOfQuota = /insufficient_quota|credit_balance|billing/i;

function shouldRetryHeader(headers: Headers | undefined): boolean | undefined {
  const value = headers?.get("x-should-retry");
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

function describeCause(error: unknown): string {
  // undici reports "fetch failed" with the reason (ECONNREFUSED, ENOTFOUND, ...) one level down.
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    parts.push(typeof code === "string" ? `${current.message} (${code})` : current.message);
    current = current.cause;
  }
  return parts.join(": ");
}

function fromApiError(error: APIError, context: OpenAIErrorContext): ModelCallError {
  const body = openAIErrorBodySchema.safeParse(error.error);
  const fields = body.success ? body.data : undefined;
  // A server that answers Ollama-style (`{"error": "text"}`) leaves the SDK a bare string.
  const bodyMessage =
    typeof error.error === "string"
      ? error.error
      : typeof fields?.message === "string"
        ? fields.message
        : fields?.message !== undefined
          ? JSON.stringify(fields.message)
          : undefined;
  // Without a usable body the SDK's own message ("400 status code (no body)", or a non-JSON body) remains.
  const sdkMessage = error.message.replace(/^\d{3} /, "");
  // OpenAI's `code` is the precise name (`rate_limit_exceeded`, `context_length_exceeded`); vLLM's is the
  // integer status, so there `type` (`BadRequestError`) is all the server says.
  const stringCode = typeof fields?.code === "string" ? fields.code : undefined;
  const errorType = [stringCode, fields?.type]
    .filter((part) => part !== undefined && part !== null)
    .join(" ");
  const shouldRetry = outOfQuota.test(errorType) ? undefined : shouldRetryHeader(error.headers);
  return classifyHttpError({
    status: error.status,
    message: shorten(redactSecrets(bodyMessage ?? sdkMessage, context.secrets)),
    errorType: errorType === "" ? undefined : errorType,
    retryAfterMs: parseRetryAfter(error.headers, context.now),
    shouldRetry,
    cause: containsSecret(error.message, context.secrets) ? undefined : error,
  });
}

/**
 * Converts anything the SDK threw into a ModelCallError: HTTP errors and in-stream `error` payloads by the
 * shared classifier (status, `code`/`type`, `retry-after-ms`/`retry-after`, `x-should-retry`), a timeout
 * as `timeout`, a failed connection as `connection`, and an abort the caller did not ask for as a
 * non-retryable `aborted`. The caller rethrows its own signal's reason before calling this.
 *
 * @example
 * ```ts
 * try { await client.chat.completions.create(body); } catch (error) {
 *   throw toOpenAIModelCallError(error, { publicUrl, secrets: [apiKey], now: Date.now() });
 * }
 * ```
 */
export function toOpenAIModelCallError(error: unknown, context: OpenAIErrorContext): ModelCallError {
  const safeCause = (text: string) => (containsSecret(text, context.secrets) ? undefined : error);
  if (error instanceof APIUserAbortError) {
    return new ModelCallError("aborted", "the request was aborted", { retryable: false, cause: error });
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new ModelCallError("timeout", `the request to ${context.publicUrl} timed out`, { cause: error });
  }
  if (error instanceof APIConnectionError) {
    const detail = redactSecrets(describeCause(error.cause ?? error), context.secrets);
    return new ModelCallError("connection", `could not connect to ${context.publicUrl}: ${detail}`, {
      cause: safeCause(describeCause(error)),
    });
  }
  if (error instanceof APIError) return fromApiError(error, context);
  const detail = describeCause(error instanceof Error ? error : new Error(String(error)));
  return new ModelCallError(
    "connection",
    `the call to ${context.publicUrl} failed: ${shorten(redactSecrets(detail, context.secrets))}`,
    { cause: safeCause(detail) },
  );
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
    message: `${options.publicUrl} sent something that is not a chat completion: ${shorten(options.detail)}`,
  });
}
