import { BackendRegistry, type Clock, ModelCatalog, type TokenCounter } from "agentone";
import { SimulatedBackend } from "./simulated-backend.js";
import { simulatedModels } from "./simulated-models.js";

/**
 * The simulated models and the in-process backend that serves them, as a registry for `createRuntime`.
 * The backend waits on `clock`: pass the same clock to the runtime (a VirtualClock makes their latencies
 * take no real time).
 *
 * @example
 * ```ts
 * const clock = new VirtualClock({ start: Date.now() });
 * const tokenCounter = await loadTokenCounter();
 * const runtime = createRuntime({ store, tokenCounter, clock, backends: simulatedBackends({ clock, tokenCounter }) });
 * ```
 */
export function simulatedBackends(options: { clock: Clock; tokenCounter: TokenCounter }): BackendRegistry {
  return new BackendRegistry({
    catalog: new ModelCatalog(simulatedModels),
    backends: [new SimulatedBackend(options)],
  });
}
