import { SimulatedBackend, simulatedModels } from "@agentone/simulated";
import type { ModelBackend, TokenCounter } from "agentone";
import { BackendRegistry, ModelCatalog, VirtualClock } from "agentone";
import type { BenchBackend } from "./bench-backend.js";
import { FaultInjectingBackend } from "./fault-injecting-backend.js";

/**
 * The in-process simulated models on a virtual clock: a fresh clock (starting at the same instant) and a
 * fresh simulator per run, with faults injected by a seeded wrapper when the policy asks for them.
 *
 * @example
 * ```ts
 * const backend = createSimulatedBenchBackend({ tokenCounter: await loadTokenCounter() });
 * const { registry, clock } = await backend.openRun({ faultSeed: 1, faults: [] });
 * ```
 */
export function createSimulatedBenchBackend(options: { tokenCounter: TokenCounter }): BenchBackend {
  return {
    label: "sim",
    simulated: true,
    virtualClock: true,
    supportsFaults: true,
    models: simulatedModels,
    async openRun({ faultSeed, faults }) {
      const clock = new VirtualClock();
      const simulator = new SimulatedBackend({ clock, tokenCounter: options.tokenCounter });
      const backend: ModelBackend =
        faults.length === 0
          ? simulator
          : new FaultInjectingBackend({ inner: simulator, faults, seed: faultSeed, clock });
      const registry = new BackendRegistry({
        catalog: new ModelCatalog(simulatedModels),
        backends: [backend],
      });
      return { registry, clock, close: async () => {} };
    },
  };
}
