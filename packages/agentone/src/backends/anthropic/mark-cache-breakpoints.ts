import type {
  ContentBlockParam,
  MessageParam,
  TextBlockParam,
  Tool,
} from "@anthropic-ai/sdk/resources/messages/messages";

const ephemeral = { type: "ephemeral" as const };

/**
 * Below this much prefix text no breakpoint is set. The smallest cacheable prefix is 1,024 tokens (Sonnet 4,
 * Opus 4.1; others need 2,048 or 4,096), and a token is rarely fewer than two characters, so a shorter
 * prefix can never be cached: marking it only changes the request's shape.
 */
export const minimumCacheableCharacters = 2048;

export interface CacheableParts {
  system?: string;
  tools?: Tool[];
  messages: MessageParam[];
}

function blocksOf(message: MessageParam): ContentBlockParam[] {
  return typeof message.content === "string"
    ? [{ type: "text", text: message.content }]
    : [...(message.content as ContentBlockParam[])];
}

/** A trailing user text block is the volatile part of an agent's request (AgentOne's budget line). */
function endsWithUserText(messages: readonly MessageParam[]): boolean {
  const last = messages.at(-1);
  if (last?.role !== "user") return false;
  return blocksOf(last).at(-1)?.type === "text";
}

/** Where the stable prefix ends: [message index, block index], or null when nothing precedes the volatile tail. */
function stableEnd(messages: readonly MessageParam[]): [number, number] | null {
  const positions = messages.flatMap((message, index) =>
    blocksOf(message).map((_, block) => [index, block] as [number, number]),
  );
  if (endsWithUserText(messages)) positions.pop();
  return positions.at(-1) ?? null;
}

function prefixCharacters(parts: CacheableParts, end: [number, number] | null): number {
  let total = (parts.system?.length ?? 0) + JSON.stringify(parts.tools ?? []).length;
  if (end === null) return total;
  for (const message of parts.messages.slice(0, end[0] + 1)) total += JSON.stringify(message.content).length;
  return total;
}

/**
 * Marks the stable prefix of a request for Anthropic's prompt cache (`cache_control: ephemeral`, at most
 * three of the four breakpoints allowed): the last tool, the system prompt, and the last content block
 * before a trailing user text (the budget line AgentOne appends to every call, which changes each time).
 * The next call of the run repeats that prefix and extends it, so the provider reads it from its cache
 * (at a tenth of the input price) instead of processing it again. A prefix too short to be cached is left
 * unmarked, and the request keeps its plain shape.
 *
 * @example
 * ```ts
 * const marked = markCacheBreakpoints({ system, tools, messages });
 * // marked.system: [{ type: "text", text: system, cache_control: { type: "ephemeral" } }]
 * ```
 */
export function markCacheBreakpoints(parts: CacheableParts): {
  system?: string | TextBlockParam[];
  tools?: Tool[];
  messages: MessageParam[];
} {
  const end = stableEnd(parts.messages);
  if (prefixCharacters(parts, end) < minimumCacheableCharacters) return parts;
  const tools = parts.tools?.map((tool, index, all) =>
    index === all.length - 1 ? { ...tool, cache_control: ephemeral } : tool,
  );
  const messages = parts.messages.map((message, index) => {
    if (end === null || index !== end[0]) return message;
    const blocks = blocksOf(message).map((block, blockIndex) =>
      blockIndex === end[1] ? ({ ...block, cache_control: ephemeral } as ContentBlockParam) : block,
    );
    return { ...message, content: blocks } as MessageParam;
  });
  return {
    ...(parts.system === undefined
      ? {}
      : { system: [{ type: "text" as const, text: parts.system, cache_control: ephemeral }] }),
    ...(tools === undefined ? {} : { tools }),
    messages,
  };
}
