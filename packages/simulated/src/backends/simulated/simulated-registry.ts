import type { Clock } from "../../core/clock/index.js";
import { BackendRegistry } from "../backend-registry.js";
import { ModelCatalog } from "../model-catalog.js";
import type { TokenCounter } from "../token-counter.js";
import { SimulatedBackend } from "./simulated-backend.js";
import { simulatedModels } from "./simulated-models.js";

/**
 * The built-in simulated models behind the in-process simulator, as a registry for `createRuntime`'s
 * `backends`: an explicit choice for demos, tests and benchmarks, since the library never falls back to
 * them. Pass the same clock to `createRuntime`: simulated latencies pass on it, so on a `VirtualClock` they
 * take no real time.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock();
 * const tokenCounter = await loadTokenCounter();
 * const backends = createSimulatedBackends({ clock, tokenCounter });
 * const runtime = createRuntime({ store, tokenCounter, clock, backends });
 * ```
 */
export function createSimulatedBackends(input: {
  clock: Clock;
  tokenCounter: TokenCounter;
}): BackendRegistry {
  return new BackendRegistry({
    catalog: new ModelCatalog(simulatedModels),
    backends: [new SimulatedBackend({ clock: input.clock, tokenCounter: input.tokenCounter })],
  });
}
