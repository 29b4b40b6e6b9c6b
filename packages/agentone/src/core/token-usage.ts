/**
 * Token usage, normalised. `inputTokens` excludes cached tokens (OpenAI's `prompt_tokens` includes them;
 * Anthropic's `input_tokens` does not: adapters convert). `reasoningTokens` is part of `outputTokens`.
 *
 * It lives in `core/` because budgets price it and backends report it: neither owns it.
 */
export interface TokenUsage {
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}
