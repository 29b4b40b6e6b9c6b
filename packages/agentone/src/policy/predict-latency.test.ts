import { simulatedModels } from "@agentone/simulated";
import { describe, expect, it } from "vitest";
import type { ModelSpec } from "../core/model-spec.js";
import {
  expectedOutputTokens,
  latencyCorrectionRange,
  localPromptTokensPerSecond,
  predictLatencyMs,
} from "./predict-latency.js";

// Round numbers: 100 ms to the first token, 50 output tokens a second.
const remote: ModelSpec = {
  id: "remote",
  backend: "alpha",
  tier: "standard",
  prices: { input: 1, cachedInput: 0.1, cacheWrite: 1, output: 4 },
  contextWindow: 100_000,
  maxOutputTokens: 4096,
  timeToFirstTokenMs: 100,
  outputTokensPerSecond: 50,
  capabilities: { tools: true, json: true, seed: true },
  source: "test fixture",
};
const local: ModelSpec = { ...remote, id: "local", backend: "box", tier: "local" };
const request = { inputTokens: 1000, outputTokens: 100 };

describe("predictLatencyMs", () => {
  it("reads the prompt at 200 tokens a second on a local runner", () => {
    expect(localPromptTokensPerSecond).toBe(200);
    expect(latencyCorrectionRange).toEqual({ min: 0.25, max: 4 });
  });

  it.each([
    ["a remote model: first token plus output", remote, {}, 2100],
    ["a remote model ignores the prompt's length", remote, { inputTokens: 500_000 }, 2100],
    ["a local model adds the prompt at 200 tokens a second", local, {}, 7100],
    ["no output: just the first token", remote, { outputTokens: 0 }, 100],
    ["a correction scales the whole prediction", remote, { correction: 2 }, 4200],
    ["a correction scales the local prompt too", local, { correction: 0.5 }, 3550],
    ["a correction above 4 counts as 4", remote, { correction: 10 }, 8400],
    ["an infinite correction counts as 4", remote, { correction: Number.POSITIVE_INFINITY }, 8400],
    ["a correction below 0.25 counts as 0.25", remote, { correction: 0.1 }, 525],
    ["a zero correction counts as 0.25", remote, { correction: 0 }, 525],
    ["a negative correction counts as 0.25", remote, { correction: -3 }, 525],
    ["the clamp's edges are kept", remote, { correction: 4 }, 8400],
    ["an absent correction is 1", remote, { correction: undefined }, 2100],
    ["rounds to whole milliseconds", { ...remote, outputTokensPerSecond: 30 }, { outputTokens: 1 }, 133],
    ["rounds half up", { ...remote, outputTokensPerSecond: 400 }, { outputTokens: 1 }, 103],
  ] as const)("%s", (_name, model, overrides, milliseconds) => {
    expect(predictLatencyMs(model, { ...request, ...overrides })).toBe(milliseconds);
  });

  it.each([
    ["sim-premium", "plan", 11_559],
    ["sim-standard", "plan", 5014],
    ["sim-cheap", "plan", 7496],
    ["sim-standard", "act", 3329],
    ["sim-cheap", "act", 4953],
    ["sim-local", "act", 22_129],
  ] as const)("predicts %s on a typical %s step at 2000 input tokens as %i ms", (id, kind, milliseconds) => {
    const model = simulatedModels.find((candidate) => candidate.id === id) as ModelSpec;
    expect(predictLatencyMs(model, { inputTokens: 2000, outputTokens: expectedOutputTokens[kind] })).toBe(
      milliseconds,
    );
  });
});
