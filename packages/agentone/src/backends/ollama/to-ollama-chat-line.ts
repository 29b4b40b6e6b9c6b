import { redactSecrets } from "../http/redact-secrets.js";
import { type OllamaChatLine, ollamaChatLineSchema } from "./ollama-api-types.js";
import { ollamaErrorMessage, ollamaStreamError } from "./ollama-error.js";

/**
 * One chat response (a whole body or one NDJSON line) checked: an error object becomes a retryable
 * server error (Ollama reports a failure after the headers as an error object under HTTP 200; a proxy may
 * echo a key, which is redacted), anything that is not a chat response a malformed-answer error.
 *
 * @example
 * ```ts
 * const line = toOllamaChatLine(JSON.parse(text), secrets);
 * ```
 */
export function toOllamaChatLine(value: unknown, secrets: readonly string[]): OllamaChatLine {
  const error = ollamaErrorMessage(value);
  if (error !== undefined) throw ollamaStreamError(redactSecrets(error, secrets));
  const parsed = ollamaChatLineSchema.safeParse(value);
  if (!parsed.success) {
    throw ollamaStreamError(`Ollama sent something that is not a chat response: ${parsed.error.message}`);
  }
  return parsed.data;
}
