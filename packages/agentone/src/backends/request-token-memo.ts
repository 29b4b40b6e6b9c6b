import { MessageMemo } from "../core/message-memo.js";
import type { Message } from "../core/messages.js";
import type { ToolDefinition } from "./model-backend.js";
import { estimateRequestTokens, messageTokens, type TokenCounter, toolTokens } from "./token-counter.js";

/** Estimates a request's input tokens as {@link estimateRequestTokens} does, counting each part once. */
export interface RequestTokenMemo {
  estimate(request: { messages: readonly Message[]; tools: readonly ToolDefinition[] }): number;
}

/**
 * {@link estimateRequestTokens} with each message's and each tool's count remembered: a run's conversation
 * grows by a message or two per step, and counting all of it again at every step made a long run's cost
 * grow with the square of its length. The estimate is the same sum of the same per-part counts (the counter
 * is pure: the same text always has the same count), so it equals a fresh count exactly.
 *
 * A message is counted again when it is a new object or any of its fields changed (see {@link MessageMemo});
 * a tool when its name, description or schema object changed. A schema is not compared inside: tool
 * definitions are built once and never edited (the engine builds a run's once, and backends copy them).
 *
 * @example
 * ```ts
 * const tokens = createRequestTokenMemo(counter);
 * tokens.estimate({ messages, tools }) === estimateRequestTokens(counter, { messages, tools }); // true
 * ```
 */
export function createRequestTokenMemo(counter: TokenCounter): RequestTokenMemo {
  const messages = new MessageMemo((message) => messageTokens(counter, message), { byText: true });
  const tools = new WeakMap<
    ToolDefinition,
    { name: string; description: string; schema: unknown; tokens: number }
  >();
  const toolCount = (tool: ToolDefinition): number => {
    const entry = tools.get(tool);
    if (
      entry !== undefined &&
      entry.name === tool.name &&
      entry.description === tool.description &&
      entry.schema === tool.inputSchema
    )
      return entry.tokens;
    const tokens = toolTokens(counter, tool);
    tools.set(tool, { name: tool.name, description: tool.description, schema: tool.inputSchema, tokens });
    return tokens;
  };
  return {
    estimate(request) {
      // A request with no message and no tool still has its framing: the sum starts where a fresh one does.
      let total = estimateRequestTokens(counter, { messages: [], tools: [] });
      for (const count of messages.valuesOf(request.messages)) total += count;
      for (const tool of request.tools) total += toolCount(tool);
      return total;
    },
  };
}
