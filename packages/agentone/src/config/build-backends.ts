import { AnthropicBackend } from "../backends/anthropic/index.js";
import type { BackendConfig } from "../backends/backend-config.js";
import { BackendRegistry } from "../backends/backend-registry.js";
import type { ModelBackend } from "../backends/model-backend.js";
import { ModelCatalog } from "../backends/model-catalog.js";
import { OllamaBackend } from "../backends/ollama/index.js";
import { OpenAICompatibleBackend } from "../backends/openai-compatible/index.js";
import type { TokenCounter } from "../backends/token-counter.js";
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
 * The registry a runtime uses: the in-process simulator (when given, built on the run's clock) plus every
 * configured backend, over the given models.
 *
 * @example
 * ```ts
 * const config = await loadConfig({ cwd, env });
 * const registry = buildRegistry({ backends: config.backends, models: config.models, tokenCounter });
 * ```
 */
export function buildRegistry(input: {
  backends: readonly BackendConfig[];
  models: readonly ModelSpec[];
  tokenCounter: TokenCounter;
  /** `@agentone/simulated`'s SimulatedBackend, when the simulated models are offered. */
  simulator?: ModelBackend;
}): BackendRegistry {
  return new BackendRegistry({
    catalog: new ModelCatalog(input.models),
    backends: [
      ...(input.simulator ? [input.simulator] : []),
      ...input.backends.map((backend) => createBackend(backend, { tokenCounter: input.tokenCounter })),
    ],
  });
}
