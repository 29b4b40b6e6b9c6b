import type { ModelSpec } from "../core/model-spec.js";

type Entry = Omit<ModelSpec, "backend" | "capabilities" | "source" | "id"> & {
  remoteId: string;
  source: string;
};

/** A catalog entry of one provider: `provider/remoteId`, its capabilities, and its price list named. */
const provider =
  (backend: string, common: { seed: boolean; priceList: string }) =>
  (spec: Entry): ModelSpec => ({
    ...spec,
    id: `${backend}/${spec.remoteId}`,
    backend,
    capabilities: { tools: true, json: true, seed: common.seed },
    source: `${common.priceList}; ${spec.source}`,
  });

// OpenAI charges no cache-write fee: a token written to the cache costs the ordinary input price.
const openAi = provider("openai", {
  seed: true,
  priceList: "OpenAI pricing 2025-06-03 (copied in calibration.md §2a)",
});

// The Messages API has no seed parameter.
const anthropic = provider("anthropic", {
  seed: false,
  priceList: "Anthropic pricing page as read for calibration.md §2a (2026; 5-minute cache-write price)",
});

/**
 * Real models AgentOne knows the price of. They become routable when their backend is configured
 * (OPENAI_API_KEY, ANTHROPIC_API_KEY, or agentone.yaml). Speeds are medians from calibration.md §2b; where
 * none is published for a model, the entry says which figure stands in for it.
 *
 * @example
 * ```ts
 * const catalog = new ModelCatalog(builtinModels.filter((model) => model.backend === "anthropic"));
 * const backends = new BackendRegistry({ catalog, backends: [new AnthropicBackend({ name: "anthropic", baseUrl, apiKey })] });
 * ```
 */
export const builtinModels: readonly ModelSpec[] = [
  openAi({
    remoteId: "gpt-4.1-nano",
    tier: "cheap",
    prices: { input: 0.1, cachedInput: 0.025, cacheWrite: 0.1, output: 0.4 },
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    timeToFirstTokenMs: 700,
    outputTokensPerSecond: 95.9,
    source: "speed: community measurement; TTFT assumed (cheap-tier default)",
  }),
  openAi({
    remoteId: "gpt-4o-mini",
    tier: "cheap",
    prices: { input: 0.15, cachedInput: 0.075, cacheWrite: 0.15, output: 0.6 },
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    timeToFirstTokenMs: 716,
    outputTokensPerSecond: 59,
    source: "speed: community measurement; TTFT: live-traffic p50",
  }),
  openAi({
    remoteId: "gpt-4.1-mini",
    tier: "standard",
    prices: { input: 0.4, cachedInput: 0.1, cacheWrite: 0.4, output: 1.6 },
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    timeToFirstTokenMs: 930,
    outputTokensPerSecond: 77.2,
    source: "speed: Artificial Analysis",
  }),
  openAi({
    remoteId: "gpt-4.1",
    tier: "standard",
    prices: { input: 2, cachedInput: 0.5, cacheWrite: 2, output: 8 },
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    timeToFirstTokenMs: 520,
    outputTokensPerSecond: 89,
    source: "speed: Artificial Analysis",
  }),
  openAi({
    remoteId: "gpt-4o",
    tier: "standard",
    prices: { input: 2.5, cachedInput: 1.25, cacheWrite: 2.5, output: 10 },
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    timeToFirstTokenMs: 390,
    outputTokensPerSecond: 81,
    source: "speed: Artificial Analysis (May 2024 snapshot)",
  }),
  anthropic({
    remoteId: "claude-haiku-4-5",
    tier: "cheap",
    prices: { input: 1, cachedInput: 0.1, cacheWrite: 1.25, output: 5 },
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    timeToFirstTokenMs: 800,
    outputTokensPerSecond: 68,
    source: "speed: Claude 3.5 Haiku's figures stand in (none published for 4.5)",
  }),
  anthropic({
    // Sonnet 4.6 replaces 4.5 (same price), which the SDK now warns about on every call.
    remoteId: "claude-sonnet-4-6",
    tier: "standard",
    prices: { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 },
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    timeToFirstTokenMs: 1800,
    outputTokensPerSecond: 63,
    source: "speed: Claude Sonnet 4.5's figures (Artificial Analysis) stand in (none published for 4.6)",
  }),
  anthropic({
    // Opus 4.6 replaces 4.5 (same price), which @anthropic-ai/sdk 1.17 lists as deprecated.
    remoteId: "claude-opus-4-6",
    tier: "premium",
    prices: { input: 5, cachedInput: 0.5, cacheWrite: 6.25, output: 25 },
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    timeToFirstTokenMs: 2670,
    outputTokensPerSecond: 45,
    source: "speed: Claude Opus 4.1's figures stand in (none published for 4.6)",
  }),
  anthropic({
    remoteId: "claude-opus-4-1",
    tier: "premium",
    prices: { input: 15, cachedInput: 1.5, cacheWrite: 18.75, output: 75 },
    contextWindow: 200_000,
    maxOutputTokens: 32_000,
    timeToFirstTokenMs: 2670,
    outputTokensPerSecond: 45,
    source: "speed: Artificial Analysis",
  }),
];

/**
 * Defaults for a model found on a local runner (Ollama `/api/tags`, a vLLM or other OpenAI-compatible
 * `/v1/models`) that the catalog does not know: local tier, free in dollars (tokens and time still count),
 * timed like Llama 3.1 8B Q4_K_M on a Mac mini M4 (calibration.md §2c).
 */
export const localModelDefaults = {
  tier: "local",
  prices: { input: 0, cachedInput: 0, cacheWrite: 0, output: 0 },
  contextWindow: 8192,
  maxOutputTokens: 4096,
  timeToFirstTokenMs: 150,
  outputTokensPerSecond: 20.87,
  capabilities: { tools: true, json: true, seed: true },
} as const satisfies Omit<ModelSpec, "id" | "backend" | "source">;
