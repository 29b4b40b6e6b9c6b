import { ConfigError } from "../core/errors/index.js";
import type { ModelSpec } from "../core/model-spec.js";
import type { ModelBackend } from "./model-backend.js";
import type { ModelCatalog } from "./model-catalog.js";

/**
 * The backends a runtime can call, by name, and the catalog of models they serve.
 *
 * @example
 * ```ts
 * const registry = new BackendRegistry({ catalog, backends: [new SimulatedBackend({ clock, counter })] });
 * const { backend, model } = registry.resolve("sim-cheap");
 * ```
 */
export class BackendRegistry {
  readonly catalog: ModelCatalog;
  readonly #backends = new Map<string, ModelBackend>();

  constructor(options: { catalog: ModelCatalog; backends: readonly ModelBackend[] }) {
    this.catalog = options.catalog;
    for (const backend of options.backends) this.#backends.set(backend.name, backend);
  }

  /**
   * The models routing chooses from: those whose backend is registered. Once any real backend is
   * configured the simulated models step aside (a run can still pin one with `--model`).
   */
  availableModels(): ModelSpec[] {
    const served = this.catalog.list().filter((model) => this.#backends.has(model.backend));
    const real = served.filter((model) => model.backend !== "simulated");
    return real.length > 0 ? real : served;
  }

  /** True when every model routing may choose is simulated (so a virtual clock tells no lies). */
  onlySimulated(): boolean {
    return this.availableModels().every((model) => model.backend === "simulated");
  }

  resolve(modelId: string): { backend: ModelBackend; model: ModelSpec } {
    const model = this.catalog.get(modelId);
    const backend = this.#backends.get(model.backend);
    if (!backend) {
      throw new ConfigError(`model '${modelId}' needs backend '${model.backend}', which is not configured`, {
        key: "model",
      });
    }
    return { backend, model };
  }
}
