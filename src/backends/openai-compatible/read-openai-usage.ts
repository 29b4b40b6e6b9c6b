import type { TokenUsage } from "../model-backend.js";
import type { OpenAIUsage } from "./openai-api-types.js";

/**
 * Normalises Chat Completions usage. `prompt_tokens` includes cached (and, where a proxy reports them,
 * cache-write) tokens, while our `inputTokens` excludes them, so they are subtracted; each class is priced
 * differently. `reasoning_tokens` is already part of `completion_tokens`.
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
  return {
    // Clamped: a server whose details exceed its own total must not produce a negative cost.
    inputTokens: Math.max(0, usage.prompt_tokens - cachedInputTokens - cacheWriteTokens),
    cachedInputTokens,
    cacheWriteTokens,
    outputTokens: usage.completion_tokens,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}
