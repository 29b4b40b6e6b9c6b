import { simulatedModels } from "@agentone/simulated";
import { ConfigError, loadTokenCounter, RealClock, VirtualClock } from "agentone";
import { builtinModels } from "agentone/internal";
import { describe, expect, it } from "vitest";
import { createRealBenchBackend } from "./real-bench-backend.js";

const models = [...simulatedModels, ...builtinModels];
const openai = {
  name: "openai",
  protocol: "openai" as const,
  baseUrl: "https://api.openai.com/v1",
  stream: false,
  apiKey: "sk-test",
};

describe("createRealBenchBackend", () => {
  it("routes only among the named models, on the real clock, and cannot inject faults", async () => {
    const ids = builtinModels
      .filter((model) => model.backend === "openai")
      .slice(0, 2)
      .map((model) => model.id);
    const backend = createRealBenchBackend({
      backends: [openai],
      models,
      modelIds: ids,
      tokenCounter: await loadTokenCounter(),
    });
    expect(backend).toMatchObject({
      label: ids.join(","),
      simulated: false,
      virtualClock: false,
      supportsFaults: false,
    });
    expect(backend.models.map((model) => model.id)).toEqual(ids);
    const run = await backend.openRun({ faultSeed: 1, faults: [] });
    expect(run.clock).toBeInstanceOf(RealClock);
    expect(run.registry.availableModels().map((model) => model.id)).toEqual(ids);
    await run.close();
  });

  it("keeps the virtual clock when every named model is simulated", async () => {
    const backend = createRealBenchBackend({
      backends: [],
      models,
      modelIds: ["sim-cheap", "sim-premium"],
      tokenCounter: await loadTokenCounter(),
    });
    expect(backend.simulated).toBe(true);
    expect((await backend.openRun({ faultSeed: 1, faults: [] })).clock).toBeInstanceOf(VirtualClock);
  });

  it("refuses an unknown model id, naming the known ones", async () => {
    const tokenCounter = await loadTokenCounter();
    const make = () =>
      createRealBenchBackend({ backends: [], models, modelIds: ["openai/gpt-9"], tokenCounter });
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(/--backend: unknown model 'openai\/gpt-9'; known models: sim-premium/);
  });
});
