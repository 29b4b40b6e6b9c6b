import { readAcceptedJson } from "../http/read-accepted-body.js";
import type { OllamaChatLine } from "./ollama-api-types.js";
import { ollamaCutStreamError, ollamaStreamError } from "./ollama-error.js";
import { readOllamaStream } from "./read-ollama-stream.js";
import { toOllamaChatLine } from "./to-ollama-chat-line.js";

async function readWhole(response: Response, secrets: readonly string[]): Promise<OllamaChatLine> {
  // A body cut after the status is a cut answer (billed at the estimate), not a server error.
  const value = await readAcceptedJson(response, {
    onCut: (detail, cause) => ollamaCutStreamError(detail, cause),
    onMalformed: (_detail, cause) => ollamaStreamError("Ollama's response is not JSON", cause),
  });
  return toOllamaChatLine(value, secrets);
}

/**
 * Reads Ollama's answer into one chat response: the JSON body when not streaming, or the NDJSON stream
 * read to its `done: true` line by `readOllamaStream` (its deltas dropped) when streaming. Throws
 * `cut_stream` when the stream ends or breaks before that line, and a retryable server error for an
 * `{"error": ...}` line.
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
  const reader = readOllamaStream(response.body, secrets);
  for (;;) {
    const next = await reader.next();
    if (next.done) return next.value;
  }
}
