import { ConfigError } from "../core/errors/index.js";
import type { ModelSpec } from "../core/model-spec.js";

/**
 * The models a runtime knows: their backend, tier, prices and speeds.
 *
 * @example
 * ```ts
 * const catalog = new ModelCatalog(simulatedModels);
 * catalog.get("sim-cheap").prices.output; // 0.6 USD per million tokens
 * ```
 */
export class ModelCatalog {
  readonly #models = new Map<string, ModelSpec>();

  constructor(models: readonly ModelSpec[]) {
    for (const model of models) {
      if (this.#models.has(model.id))
        throw new ConfigError(`model '${model.id}' is listed twice`, { key: `models.${model.id}` });
      this.#models.set(model.id, model);
    }
  }

  /** The model with this id; a ConfigError that lists the known ids otherwise. */
  get(id: string): ModelSpec {
    const model = this.#models.get(id);
    if (!model) {
      throw new ConfigError(`unknown model '${id}'; known models: ${[...this.#models.keys()].join(", ")}`, {
        key: "model",
      });
    }
    return model;
  }

  list(): ModelSpec[] {
    return [...this.#models.values()];
  }
}
