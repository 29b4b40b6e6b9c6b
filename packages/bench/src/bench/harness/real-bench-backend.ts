import { SimulatedBackend } from "@agentone/simulated";
import type { ModelSpec, TokenCounter } from "agentone";
import { ConfigError, RealClock, VirtualClock } from "agentone";
import type { BackendConfig } from "agentone/internal";
import { buildRegistry } from "agentone/internal";
import type { BenchBackend } from "./bench-backend.js";

/**
 * Named models from the normal configuration (agentone.yaml and the usual environment variables, loaded
 * by the caller): routing chooses only among them, on the real clock. Simulated ids are allowed too (then
 * the clock is virtual). Faults cannot be injected into real APIs.
 *
 * @example
 * ```ts
 * const { config, models } = await loadCliModels(io, {});
 * const backend = createRealBenchBackend({ backends: config.backends, models,
 *   modelIds: ["openai/gpt-4.1", "openai/gpt-4.1-mini"], tokenCounter });
 * ```
 */
export function createRealBenchBackend(options: {
  backends: readonly BackendConfig[];
  models: readonly ModelSpec[];
  modelIds: readonly string[];
  tokenCounter: TokenCounter;
}): BenchBackend {
  const chosen = options.modelIds.map((id) => {
    const model = options.models.find((candidate) => candidate.id === id);
    if (model === undefined)
      throw new ConfigError(
        `--backend: unknown model '${id}'; known models: ${options.models.map((candidate) => candidate.id).join(", ")}`,
        { key: "backend" },
      );
    return model;
  });
  const simulated = chosen.every((model) => model.backend === "simulated" || model.simulated === true);
  const needed = new Set(chosen.map((model) => model.backend));
  const backends = options.backends.filter((backend) => needed.has(backend.name));
  return {
    label: options.modelIds.join(","),
    simulated,
    virtualClock: simulated,
    supportsFaults: false,
    models: chosen,
    async openRun() {
      const clock = simulated ? new VirtualClock() : new RealClock();
      const { tokenCounter } = options;
      const simulator = new SimulatedBackend({ clock, tokenCounter });
      const registry = buildRegistry({ backends, models: chosen, tokenCounter, simulator });
      return { registry, clock, close: async () => {} };
    },
  };
}
