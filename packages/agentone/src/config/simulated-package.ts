import type { BackendRegistry } from "../backends/backend-registry.js";
import type { ModelBackend } from "../backends/model-backend.js";
import type { TokenCounter } from "../backends/token-counter.js";
import type { Clock } from "../core/clock/index.js";
import type { ModelSpec } from "../core/model-spec.js";
import { loadOptionalPackage, loadOptionalPackageIfInstalled } from "./load-optional-package.js";

/**
 * What AgentOne uses from `@agentone/simulated`, declared here because that package depends on this one:
 * the simulated models, the in-process backend that serves them, and a registry of the two.
 */
export interface SimulatedPackage {
  simulatedModels: readonly ModelSpec[];
  SimulatedBackend: new (options: { clock: Clock; tokenCounter: TokenCounter }) => ModelBackend;
  simulatedBackends(options: { clock: Clock; tokenCounter: TokenCounter }): BackendRegistry;
}

const provides = "the simulated models (used when no model backend is configured)";

/**
 * `@agentone/simulated`, loaded on demand; a ConfigError (exit code 2) naming the package when it is not
 * installed.
 *
 * @example
 * ```ts
 * const { simulatedBackends } = await loadSimulatedPackage();
 * ```
 */
export function loadSimulatedPackage(): Promise<SimulatedPackage> {
  return loadOptionalPackage<SimulatedPackage>("@agentone/simulated", { provides });
}

/** `@agentone/simulated` if installed, else null: configured real backends do not need it. */
export function loadSimulatedPackageIfInstalled(): Promise<SimulatedPackage | null> {
  return loadOptionalPackageIfInstalled<SimulatedPackage>("@agentone/simulated", { provides });
}
