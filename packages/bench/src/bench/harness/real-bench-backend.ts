import type { BackendConfig } from "../../backends/backend-config.js";
import type { TokenCounter } from "../../backends/token-counter.js";
import { buildRegistry } from "../../config/build-backends.js";
import { RealClock, VirtualClock } from "../../core/clock/index.js";
import { ConfigError } from "../../core/errors/index.js";
import type { ModelSpec } from "../../core/model-spec.js";
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
      const registry = buildRegistry({ backends, models: chosen, clock, tokenCounter: options.tokenCounter });
      return { registry, clock, close: async () => {} };
    },
  };
}
