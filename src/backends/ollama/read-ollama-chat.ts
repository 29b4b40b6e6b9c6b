import { isAgentOneError } from "../../core/errors/index.js";
import { readAcceptedJson } from "../http/read-accepted-body.js";
import { redactSecrets } from "../http/redact-secrets.js";
import { type OllamaChatLine, type OllamaToolCall, ollamaChatLineSchema } from "./ollama-api-types.js";
import { ollamaCutStreamError, ollamaErrorMessage, ollamaStreamError } from "./ollama-error.js";
import { readNdjson } from "./read-ndjson.js";

function toChatLine(value: unknown, secrets: readonly string[]): OllamaChatLine {
  const error = ollamaErrorMessage(value);
  // Ollama reports a failure after the headers as an error object under HTTP 200 (a proxy may echo a key).
  if (error !== undefined) throw ollamaStreamError(redactSecrets(error, secrets));
  const parsed = ollamaChatLineSchema.safeParse(value);
  if (!parsed.success) {
    throw ollamaStreamError(`Ollama sent something that is not a chat response: ${parsed.error.message}`);
  }
  return parsed.data;
}

async function readWhole(response: Response, secrets: readonly string[]): Promise<OllamaChatLine> {
  // A body cut after the status is a cut answer (billed at the estimate), not a server error.
  const value = await readAcceptedJson(response, {
    onCut: (detail, cause) => ollamaCutStreamError(detail, cause),
    onMalformed: (_detail, cause) => ollamaStreamError("Ollama's response is not JSON", cause),
  });
  return toChatLine(value, secrets);
}

async function readStream(
  body: ReadableStream<Uint8Array>,
  secrets: readonly string[],
): Promise<OllamaChatLine> {
  let content = "";
  const toolCalls: OllamaToolCall[] = [];
  try {
    for await (const value of readNdjson(body)) {
      const line = toChatLine(value, secrets);
      content += line.message?.content ?? "";
      // Current servers send each tool call whole, on a `done: false` line.
      toolCalls.push(...(line.message?.tool_calls ?? []));
      if (line.done === true) {
        return { ...line, message: { ...line.message, content, tool_calls: toolCalls } };
      }
    }
  } catch (error) {
    if (isAgentOneError(error)) throw error;
    if (error instanceof SyntaxError) throw ollamaStreamError("Ollama sent a line that is not JSON", error);
    throw ollamaCutStreamError("the connection broke during the stream", error);
  }
  throw ollamaCutStreamError("the stream ended before its done line");
}

/**
 * Reads Ollama's answer into one chat response: the JSON body when not streaming, or the NDJSON lines
 * aggregated (content deltas joined, tool calls collected, counts and `done_reason` from the final
 * `done: true` line) when streaming. Throws `cut_stream` when the stream ends or breaks before that line,
 * and a retryable server error for an `{"error": ...}` line.
 *
 * @example
 * ```ts
 * const chat = await readOllamaChat(response, { stream: true });
 * chat.message?.content; // the whole text
 * ```
 */
export async function readOllamaChat(
  response: Response,
  options: { stream: boolean; secrets?: readonly string[] },
): Promise<OllamaChatLine> {
  const secrets = options.secrets ?? [];
  if (!options.stream) return readWhole(response, secrets);
  if (!response.body) throw ollamaCutStreamError("the streaming response has no body");
  return readStream(response.body, secrets);
}
