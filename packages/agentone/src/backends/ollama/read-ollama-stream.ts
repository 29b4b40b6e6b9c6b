import { isAgentOneError } from "../../core/errors/index.js";
import type { ModelStreamDelta } from "../model-backend.js";
import type { OllamaChatLine, OllamaToolCall } from "./ollama-api-types.js";
import { ollamaCutStreamError, ollamaStreamError } from "./ollama-error.js";
import { readNdjson } from "./read-ndjson.js";
import { toOllamaChatLine } from "./to-ollama-chat-line.js";
import { toOllamaToolCall } from "./to-ollama-tool-call.js";

/** The next NDJSON value, with the body's failures classified. */
async function nextValue(lines: AsyncGenerator<unknown>): Promise<IteratorResult<unknown>> {
  try {
    return await lines.next();
  } catch (error) {
    if (error instanceof SyntaxError) throw ollamaStreamError("Ollama sent a line that is not JSON", error);
    throw ollamaCutStreamError("the connection broke during the stream", error);
  }
}

/**
 * Reads Ollama's streamed `/api/chat` (NDJSON): yields text deltas and tool calls as the lines arrive
 * (current servers send each tool call whole, on a `done: false` line, so it comes as one delta) and
 * returns the final `done: true` line with the content joined and the tool calls collected. Throws
 * `cut_stream` when the stream ends or breaks before that line, and a retryable server error for an
 * `{"error": ...}` line. The one reader of Ollama streams: `generate` collects it. Leaving early cancels
 * the body.
 *
 * @example
 * ```ts
 * const reader = readOllamaStream(response.body, secrets);
 * for await (const delta of reader) show(delta);
 * ```
 */
export async function* readOllamaStream(
  body: ReadableStream<Uint8Array>,
  secrets: readonly string[],
): AsyncGenerator<ModelStreamDelta, OllamaChatLine, undefined> {
  let content = "";
  const toolCalls: OllamaToolCall[] = [];
  const lines = readNdjson(body);
  try {
    for (;;) {
      const next = await nextValue(lines);
      if (next.done) break;
      const line = toOllamaChatLine(next.value, secrets);
      const text = line.message?.content ?? "";
      content += text;
      if (text !== "") yield { type: "text-delta", text };
      for (const call of line.message?.tool_calls ?? []) {
        const index = toolCalls.length;
        toolCalls.push(call);
        const { id, name, arguments: argumentsDelta } = toOllamaToolCall(call, index);
        yield { type: "tool-call-delta", index, id, name, argumentsDelta };
      }
      if (line.done === true) {
        return { ...line, message: { ...line.message, content, tool_calls: toolCalls } };
      }
    }
  } catch (error) {
    if (isAgentOneError(error)) throw error;
    throw ollamaCutStreamError("the connection broke during the stream", error);
  } finally {
    await lines.return(undefined);
  }
  throw ollamaCutStreamError("the stream ended before its done line");
}
