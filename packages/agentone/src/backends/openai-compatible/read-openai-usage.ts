import type { TokenUsage } from "../../core/token-usage.js";
import type { OpenAIUsage } from "./openai-api-types.js";

/**
 * Normalises Chat Completions usage. `prompt_tokens` includes cached (and, where a proxy reports them,
 * cache-write) tokens, while our `inputTokens` excludes them, so they are subtracted; each class is priced
 * differently. On OpenAI `reasoning_tokens` is already part of `completion_tokens`; xAI (Grok) leaves it
 * out, bills it as output all the same, and says so through `total_tokens` = prompt + completion +
 * reasoning. When `total_tokens` witnesses that, the reasoning is added to the output, so AgentOne bills
 * what the provider bills; either way reasoning never exceeds output.
 *
 * @example
 * ```ts
 * readOpenAIUsage({ prompt_tokens: 2006, completion_tokens: 18, prompt_tokens_details: { cached_tokens: 1920 } });
 * // { inputTokens: 86, cachedInputTokens: 1920, cacheWriteTokens: 0, outputTokens: 18, reasoningTokens: 0 }
 * ```
 */
export function readOpenAIUsage(usage: OpenAIUsage): TokenUsage {
  const cachedInputTokens = usage.prompt_tokens_details?.cached_tokens ?? 0;
  const cacheWriteTokens = usage.prompt_tokens_details?.cache_write_tokens ?? 0;
  const reasoningTokens = usage.completion_tokens_details?.reasoning_tokens ?? 0;
  const reasoningOutside =
    reasoningTokens > 0 &&
    usage.total_tokens !== undefined &&
    usage.total_tokens !== null &&
    usage.total_tokens === usage.prompt_tokens + usage.completion_tokens + reasoningTokens;
  const outputTokens = usage.completion_tokens + (reasoningOutside ? reasoningTokens : 0);
  return {
    // Clamped: a server whose details exceed its own total must not produce a negative cost.
    inputTokens: Math.max(0, usage.prompt_tokens - cachedInputTokens - cacheWriteTokens),
    cachedInputTokens,
    cacheWriteTokens,
    outputTokens,
    reasoningTokens: Math.min(reasoningTokens, outputTokens),
  };
}
