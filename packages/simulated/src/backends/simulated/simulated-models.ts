import type { ModelSpec, ModelTier } from "agentone";
import { builtinModels } from "agentone";
import { localModelDefaults } from "agentone/internal";

/**
 * A simulated tier priced and timed exactly as the published model it stands for, so costs and latencies
 * in simulated runs have realistic proportions. The numbers describe the *simulation*.
 */
function pricedAfter(id: string, input: { tier: ModelTier; after: string }): ModelSpec {
  const original = builtinModels.find((model) => model.id === input.after);
  if (!original)
    throw new Error(`simulated model ${id} is calibrated after ${input.after}, which the catalog lacks`);
  return {
    id,
    backend: "simulated",
    tier: input.tier,
    prices: original.prices,
    contextWindow: original.contextWindow,
    maxOutputTokens: original.maxOutputTokens,
    timeToFirstTokenMs: original.timeToFirstTokenMs,
    outputTokensPerSecond: original.outputTokensPerSecond,
    // The simulator honours seeds whatever the original's API does.
    capabilities: { tools: true, json: true, seed: true },
    simulated: true,
    source: `priced and timed as ${input.after}: ${original.source}`,
  };
}

/**
 * The built-in simulated models: premium as Claude Opus 4.1, standard as GPT-4.1, cheap as GPT-4o mini
 * (all figures from ../shared/reference/calibration.md, through the built-in catalog), local as Llama 3.1
 * 8B Q4_K_M on a Mac mini M4.
 */
export const simulatedModels: readonly ModelSpec[] = [
  pricedAfter("sim-premium", { tier: "premium", after: "anthropic/claude-opus-4-1" }),
  pricedAfter("sim-standard", { tier: "standard", after: "openai/gpt-4.1" }),
  pricedAfter("sim-cheap", { tier: "cheap", after: "openai/gpt-4o-mini" }),
  {
    ...localModelDefaults,
    id: "sim-local",
    backend: "simulated",
    prices: { ...localModelDefaults.prices },
    // A local runner is configured with a smaller window than the model allows; the simulator assumes 32k.
    contextWindow: 32_768,
    capabilities: { ...localModelDefaults.capabilities },
    simulated: true,
    source:
      "llama.cpp community benchmark (Mac mini M4, Llama 3.1 8B Q4_K_M): 20.87 tok/s, 224.81 tok/s prompt",
  },
];

/** Prompt-processing speed of the simulated local model, tokens per second (same source as above). */
export const simulatedLocalPrefillTokensPerSecond = 224.81;
