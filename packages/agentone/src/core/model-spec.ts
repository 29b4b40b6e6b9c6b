import type { ModelTier } from "./model-tiers.js";

export { type ModelTier, modelTiers } from "./model-tiers.js";

/** USD per one million tokens, by token class. */
export interface ModelPrices {
  input: number;
  cachedInput: number;
  cacheWrite: number;
  output: number;
}

/**
 * Everything AgentOne knows about a model: where it runs, what it costs, how fast it is.
 */
export interface ModelSpec {
  /** The name runs and routing use, unique in a catalog (e.g. `openai/gpt-4.1`, `sim-standard`). */
  id: string;
  /** The model name sent on the wire, when it differs from `id` (e.g. `gpt-4.1`). */
  remoteId?: string;
  /** The backend name that serves this model. */
  backend: string;
  tier: ModelTier;
  prices: ModelPrices;
  contextWindow: number;
  maxOutputTokens: number;
  /** Typical time to first token, milliseconds. */
  timeToFirstTokenMs: number;
  /** Typical generation speed, tokens per second. */
  outputTokensPerSecond: number;
  capabilities: { tools: boolean; json: boolean; seed: boolean };
  /** Where the prices and speeds come from, and the date of the price list. */
  source: string;
  /** A simulated model, wherever it is served (in-process or behind the sim-server): its numbers describe a simulation. */
  simulated?: boolean;
}
