import type { Message } from "../core/messages.js";
import type { ToolDefinition } from "./model-backend.js";

/** Counts tokens offline. Counts are estimates for non-OpenAI models and are reconciled with reported usage. */
export interface TokenCounter {
  count(text: string): number;
}

/** Encoding long inputs in one call degrades badly (calibration.md §4), so text is counted in pieces. */
const chunkSize = 2048;

/**
 * Loads the o200k_base encoding (shipped in the gpt-tokenizer package; no network). Loading takes a few
 * hundred milliseconds, so it happens on first use, not at import time.
 *
 * @example
 * ```ts
 * const counter = await loadTokenCounter();
 * counter.count("hello world"); // 2
 * ```
 */
export async function loadTokenCounter(): Promise<TokenCounter> {
  const encoding = await import("gpt-tokenizer/encoding/o200k_base");
  // Text from files or models may contain special-token strings; they count as ordinary text.
  const options = { disallowedSpecial: new Set<string>() };
  return {
    count(text) {
      let total = 0;
      let start = 0;
      while (start < text.length) {
        let end = Math.min(text.length, start + chunkSize);
        // Cut at whitespace so a word is not split into two more expensive halves.
        if (end < text.length) {
          const space = text.lastIndexOf(" ", end);
          if (space > start + chunkSize / 2) end = space;
        }
        total += encoding.countTokens(text.slice(start, end), options);
        start = end;
      }
      return total;
    },
  };
}

/** Chat framing overhead per message and per request, as in OpenAI's chat format. */
const tokensPerMessage = 4;
const tokensPerRequest = 3;

/** Tokens one message adds to a request: its framing, its text, its tool calls or the tool it answers. */
export function messageTokens(counter: TokenCounter, message: Message): number {
  let total = tokensPerMessage + counter.count(message.content);
  if (message.role === "assistant") {
    for (const call of message.toolCalls ?? [])
      total += counter.count(call.name) + counter.count(call.arguments) + 3;
  }
  if (message.role === "tool") total += counter.count(message.toolName);
  return total;
}

/** Tokens one tool's offer adds to a request: its name, description and JSON Schema. */
export function toolTokens(counter: TokenCounter, tool: ToolDefinition): number {
  return (
    counter.count(tool.name) +
    counter.count(tool.description) +
    counter.count(JSON.stringify(tool.inputSchema))
  );
}

/** Estimated input tokens of a request: messages, tool calls and tool schemas. */
export function estimateRequestTokens(
  counter: TokenCounter,
  request: { messages: readonly Message[]; tools: readonly ToolDefinition[] },
): number {
  let total = tokensPerRequest;
  for (const message of request.messages) total += messageTokens(counter, message);
  for (const tool of request.tools) total += toolTokens(counter, tool);
  return total;
}
