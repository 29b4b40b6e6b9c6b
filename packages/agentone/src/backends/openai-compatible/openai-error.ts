/**
 * The `openai` SDK's failures as typed ModelCallErrors. HTTP errors and error events inside a 200 stream go
 * through the shared classifier, so this backend is retried and routed like every other one.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { ModelCallError } from "../../core/errors/index.js";
import { classifyHttpError } from "../http/classify-http-error.js";
import { parseRetryAfter } from "../http/parse-retry-after.js";
import { containsSecret, redactSecrets } from "../http/redact-secrets.js";
import { shortenErrorText } from "./openai-answer-errors.js";
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
    message: shortenErrorText(redactSecrets(bodyMessage ?? sdkMessage, context.secrets)),
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
    `the call to ${context.publicUrl} failed: ${shortenErrorText(redactSecrets(detail, context.secrets))}`,
    { cause: safeCause(detail) },
  );
}
