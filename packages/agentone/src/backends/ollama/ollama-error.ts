/**
 * Ollama's failures as typed ModelCallErrors. HTTP and in-stream errors go through the shared
 * classifier so Ollama is retried and routed like every other backend.
 */
import { ModelCallError } from "../../core/errors/index.js";
import { classifyHttpError } from "../http/classify-http-error.js";
import { parseRetryAfter } from "../http/parse-retry-after.js";
import { containsSecret, redactSecrets } from "../http/redact-secrets.js";
import { type OllamaErrorBody, ollamaErrorBodySchema } from "./ollama-api-types.js";

/**
 * The message of an `{"error": ...}` body, or undefined when the value is not one. A cloud model on a
 * local server that is not signed in also carries `signin_url`, which we keep: it tells the user what to do.
 *
 * @example
 * ```ts
 * ollamaErrorMessage({ error: "model 'llama3.1:8b' not found" }); // "model 'llama3.1:8b' not found"
 * ```
 */
export function ollamaErrorMessage(value: unknown): string | undefined {
  // Ollama 0.11 streamed a tool-call parse failure under the wrong key: `{"error parsing tool call": "…"}`.
  const misplaced = (value as Record<string, unknown> | null)?.[toolCallParseKey];
  if (typeof misplaced === "string") return `${toolCallParseKey}: ${misplaced}`;
  const parsed = ollamaErrorBodySchema.safeParse(value);
  if (!parsed.success) return undefined;
  const body: OllamaErrorBody = parsed.data;
  const message = typeof body.error === "string" ? body.error : body.error.message;
  return body.signin_url ? `${message} (sign in at ${body.signin_url})` : message;
}

const toolCallParseKey = "error parsing tool call";

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Turns a non-2xx response into a ModelCallError: 404 (model not found) is `not_found`, a 400 about the
 * context length is `context_length`, 429/5xx are retryable, and a `retry-after` header is honoured.
 * The secrets (a key in the address's query or user info) are scrubbed from the text a proxy may echo.
 *
 * @example
 * ```ts
 * if (!response.ok) throw await ollamaHttpError(response, Date.now, secrets);
 * ```
 */
export async function ollamaHttpError(
  response: Response,
  now: () => number,
  secrets: readonly string[] = [],
): Promise<ModelCallError> {
  const text = await response.text().catch(() => "");
  const message = ollamaErrorMessage(parseJson(text)) ?? (text.trim() || response.statusText || "no body");
  return classifyHttpError({
    status: response.status,
    message: redactSecrets(message, secrets),
    retryAfterMs: parseRetryAfter(response.headers, now()),
  });
}

/**
 * An `{"error": ...}` line inside a 200 stream, or a 200 body that is not a chat response: there is no
 * status to go by, so it classifies as a retryable server error (or overload when it says so).
 *
 * @example
 * ```ts
 * throw ollamaStreamError("an error was encountered while running the model");
 * ```
 */
export function ollamaStreamError(message: string, cause?: unknown): ModelCallError {
  return classifyHttpError({ status: undefined, message, cause });
}

/**
 * The server could not be reached, or closed the connection without answering.
 *
 * @example
 * ```ts
 * throw ollamaConnectionError("http://127.0.0.1:11434", error, secrets);
 * ```
 */
export function ollamaConnectionError(
  baseUrl: string,
  cause: unknown,
  secrets: readonly string[] = [],
): ModelCallError {
  const reason = cause instanceof Error && cause.cause instanceof Error ? cause.cause.message : String(cause);
  const message = `could not reach Ollama at ${baseUrl}: ${reason}`;
  // fetch's errors may quote the URL called, query string and all: such a cause is not kept.
  const causeText = cause instanceof Error ? `${cause.message} ${String(cause.cause ?? "")}` : String(cause);
  return new ModelCallError("connection", redactSecrets(message, secrets), {
    ...(containsSecret(causeText, secrets) ? {} : { cause }),
  });
}

/**
 * The answer stopped before Ollama's final `done: true` line (or its body was cut): retryable, and never
 * passed on as a silently truncated answer.
 *
 * @example
 * ```ts
 * throw ollamaCutStreamError("the stream ended before its done line");
 * ```
 */
export function ollamaCutStreamError(detail: string, cause?: unknown): ModelCallError {
  return new ModelCallError("cut_stream", `Ollama's answer was cut: ${detail}`, { cause });
}
