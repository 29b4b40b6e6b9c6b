import type { TokenUsage } from "../../core/token-usage.js";
import type { AnthropicUsage } from "./anthropic-api-types.js";

/**
 * Normalises Anthropic usage. Anthropic's `input_tokens` already excludes cached tokens (the total input is
 * `input_tokens + cache_creation_input_tokens + cache_read_input_tokens`), which is AgentOne's convention,
 * so it is taken as is. Thinking tokens are part of `output_tokens`, as `reasoningTokens` is.
 *
 * @example
 * ```ts
 * convertAnthropicUsage({ input_tokens: 57, output_tokens: 41, cache_read_input_tokens: 2048 });
 * // { inputTokens: 57, cachedInputTokens: 2048, cacheWriteTokens: 0, outputTokens: 41, reasoningTokens: 0 }
 * ```
 */
export function convertAnthropicUsage(usage: AnthropicUsage): TokenUsage {
  return {
    inputTokens: usage.input_tokens,
    cachedInputTokens: usage.cache_read_input_tokens ?? 0,
    cacheWriteTokens: usage.cache_creation_input_tokens ?? 0,
    outputTokens: usage.output_tokens,
    reasoningTokens: usage.output_tokens_details?.thinking_tokens ?? 0,
  };
}
