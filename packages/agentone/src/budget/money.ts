import type { ModelPrices } from "../core/model-spec.js";
import type { TokenUsage } from "../core/token-usage.js";

/**
 * Money is kept in integer nano-dollars (1e-9 USD) so that sums are exact and a cap compares exactly.
 * Prices are per million tokens, so a price of $P/M is P×1000 nano-dollars per token.
 */
export const nanoPerUsd = 1_000_000_000;

export function usdToNano(usd: number): number {
  return Math.round(usd * nanoPerUsd);
}

export function nanoToUsd(nano: number): number {
  return nano / nanoPerUsd;
}

/** Nano-dollars per token for a price in USD per million tokens. */
export function nanoPerToken(pricePerMillion: number): number {
  return Math.round(pricePerMillion * 1000);
}

/**
 * The most an input token can cost: the input price, or the cache-write price where that is higher
 * (Anthropic's cache writes cost 1.25x input). Reservations use it so the worst case really is the worst.
 */
export function worstCaseInputPrice(prices: ModelPrices): number {
  return Math.max(prices.input, prices.cacheWrite);
}

/** Exact cost of a call's usage at a model's prices. */
export function costOfUsage(usage: TokenUsage, prices: ModelPrices): number {
  return (
    usage.inputTokens * nanoPerToken(prices.input) +
    usage.cachedInputTokens * nanoPerToken(prices.cachedInput) +
    usage.cacheWriteTokens * nanoPerToken(prices.cacheWrite) +
    usage.outputTokens * nanoPerToken(prices.output)
  );
}

/** Formats dollars for people: more digits for small amounts. */
export function formatUsd(usd: number): string {
  if (usd === 0) return "$0";
  if (Math.abs(usd) >= 1) return `$${usd.toFixed(2)}`;
  if (Math.abs(usd) >= 0.01) return `$${usd.toFixed(3)}`;
  return `$${usd.toFixed(4)}`;
}
