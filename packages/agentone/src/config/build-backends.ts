import { AnthropicBackend } from "../backends/anthropic/index.js";
import type { BackendConfig } from "../backends/backend-config.js";
import { BackendRegistry } from "../backends/backend-registry.js";
import type { ModelBackend } from "../backends/model-backend.js";
import { ModelCatalog } from "../backends/model-catalog.js";
import { OllamaBackend } from "../backends/ollama/index.js";
import { OpenAICompatibleBackend } from "../backends/openai-compatible/index.js";
import { SimulatedBackend } from "../backends/simulated/simulated-backend.js";
import type { TokenCounter } from "../backends/token-counter.js";
import type { Clock } from "../core/clock/index.js";
import type { ModelSpec } from "../core/model-spec.js";

/** The adapter for one configured backend. */
export function createBackend(config: BackendConfig, options: { tokenCounter: TokenCounter }): ModelBackend {
  const common = {
    name: config.name,
    baseUrl: config.baseUrl,
    stream: config.stream,
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
  };
  switch (config.protocol) {
    case "openai":
      return new OpenAICompatibleBackend({ ...common, tokenCounter: options.tokenCounter });
    case "anthropic":
      return new AnthropicBackend(common);
    case "ollama":
      return new OllamaBackend({ name: config.name, baseUrl: config.baseUrl, stream: config.stream });
  }
}

/**
 * The registry a runtime uses: the simulator plus every configured backend, over the given models.
 *
 * @example
 * ```ts
 * const config = await loadConfig({ cwd, env });
 * const registry = buildRegistry({ config, models: config.models, clock, tokenCounter });
 * ```
 */
export function buildRegistry(input: {
  backends: readonly BackendConfig[];
  models: readonly ModelSpec[];
  clock: Clock;
  tokenCounter: TokenCounter;
}): BackendRegistry {
  return new BackendRegistry({
    catalog: new ModelCatalog(input.models),
    backends: [
      new SimulatedBackend({ clock: input.clock, tokenCounter: input.tokenCounter }),
      ...input.backends.map((backend) => createBackend(backend, { tokenCounter: input.tokenCounter })),
    ],
  });
}
