import type { ModelSpec } from "../model-spec.js";

/**
 * The built-in simulated models. Each tier is priced and timed after one published model, so that costs
 * and latencies in simulated runs have realistic proportions (all figures: ../shared/reference/calibration.md).
 * The numbers describe the *simulation*; nothing here claims a real model was called.
 */
export const simulatedModels: readonly ModelSpec[] = [
  {
    id: "sim-premium",
    backend: "simulated",
    tier: "premium",
    // Claude Opus 4 / 4.1 list prices (Anthropic pricing page): $15 in, $1.50 cache read,
    // $18.75 5-minute cache write, $75 out. Speed: Opus 4.1, 45 tok/s, TTFT 2.67 s (Artificial Analysis).
    prices: { input: 15, cachedInput: 1.5, cacheWrite: 18.75, output: 75 },
    contextWindow: 200_000,
    maxOutputTokens: 32_000,
    timeToFirstTokenMs: 2670,
    outputTokensPerSecond: 45,
    capabilities: { tools: true, json: true, seed: true },
    simulated: true,
    source: "Anthropic pricing page (Claude Opus 4.1), Artificial Analysis speeds; price list as of 2025",
  },
  {
    id: "sim-standard",
    backend: "simulated",
    tier: "standard",
    // GPT-4.1: $2 in, $0.50 cached, $8 out (OpenAI pricing, 2025-06-03 copy). Speed: 89 tok/s,
    // TTFT 0.52 s (Artificial Analysis, OpenAI endpoint).
    prices: { input: 2, cachedInput: 0.5, cacheWrite: 2, output: 8 },
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    timeToFirstTokenMs: 520,
    outputTokensPerSecond: 89,
    capabilities: { tools: true, json: true, seed: true },
    simulated: true,
    source: "OpenAI pricing 2025-06-03 (GPT-4.1), Artificial Analysis speeds",
  },
  {
    id: "sim-cheap",
    backend: "simulated",
    tier: "cheap",
    // GPT-4o mini: $0.15 in, $0.075 cached, $0.60 out (OpenAI pricing, 2025-06-03 copy). Speed: 59 tok/s
    // (community measurement, 500-token outputs); TTFT 0.72 s (live-traffic p50, OpenAI direct).
    prices: { input: 0.15, cachedInput: 0.075, cacheWrite: 0.15, output: 0.6 },
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    timeToFirstTokenMs: 716,
    outputTokensPerSecond: 59,
    capabilities: { tools: true, json: true, seed: true },
    simulated: true,
    source: "OpenAI pricing 2025-06-03 (GPT-4o mini), community-measured speed",
  },
  {
    id: "sim-local",
    backend: "simulated",
    tier: "local",
    // Llama 3.1 8B Q4_K_M on a Mac mini M4 (llama.cpp Metal): 20.87 tok/s generation, 224.81 tok/s prompt
    // processing; free in dollars. The prompt-processing rate makes time to first token grow with input.
    prices: { input: 0, cachedInput: 0, cacheWrite: 0, output: 0 },
    contextWindow: 32_768,
    maxOutputTokens: 4096,
    timeToFirstTokenMs: 150,
    outputTokensPerSecond: 20.87,
    capabilities: { tools: true, json: true, seed: true },
    simulated: true,
    source: "llama.cpp community benchmark (Mac mini M4, Llama 3.1 8B Q4_K_M)",
  },
];

/** Prompt-processing speed of the simulated local model, tokens per second (same source as above). */
export const simulatedLocalPrefillTokensPerSecond = 224.81;
