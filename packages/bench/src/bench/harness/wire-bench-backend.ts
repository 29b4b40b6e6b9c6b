import {
  createSimServer,
  type FaultSpec,
  type RunningSimServer,
  SimulatedBackend,
  simulatedModels,
} from "@agentone/simulated";
import type { ModelSpec, TokenCounter } from "agentone";
import { type Clock, ConfigError, VirtualClock } from "agentone";
import type { BackendConfig } from "agentone/internal";
import { buildRegistry, discoverModels } from "agentone/internal";
import type { BenchBackend } from "./bench-backend.js";

/** The backend name the sim-server is configured under; its models are `wire/sim-*`. */
export const wireBackendName = "wire";

async function startServer(options: {
  seed: number;
  faults: FaultSpec;
  tokenCounter: TokenCounter;
  clock: Clock;
}): Promise<{ server: RunningSimServer; config: BackendConfig; models: ModelSpec[] }> {
  // Time scale 1 on the run's virtual clock: the server spends the models' simulated latency in virtual
  // time, so the run measures it, and no real time passes.
  const server = await createSimServer({ ...options, timeScale: 1 }).listen(0, "127.0.0.1");
  const config: BackendConfig = {
    name: wireBackendName,
    protocol: "openai",
    baseUrl: `${server.url}/v1`,
    stream: false,
  };
  try {
    // The models are found as any OpenAI-compatible server's are: by asking it (GET /v1/models).
    const { models, discoveries } = await discoverModels({ backends: [config], known: simulatedModels });
    const problem = discoveries.find((discovery) => discovery.error !== null);
    if (problem || models.length === 0)
      throw new ConfigError(`the bench's sim-server offered no models (${problem?.error ?? "empty list"})`, {
        key: "backend",
      });
    return { server, config, models };
  } catch (error) {
    await server.close();
    throw error;
  }
}

/**
 * The simulated models served over HTTP by an in-process sim-server on 127.0.0.1, reached through the
 * OpenAI-compatible adapter as a configured backend would be. Each run gets its own server on a free port,
 * seeded for the run and sharing the run's virtual clock, so injected faults and latencies are the same
 * whatever runs beside it. (Requests carry the run's seed, so the server's seed only drives faults and ids.)
 *
 * @example
 * ```ts
 * const backend = await createWireBenchBackend({ tokenCounter });
 * backend.models.map((model) => model.id); // ["wire/sim-premium", "wire/sim-standard", ...]
 * ```
 */
export async function createWireBenchBackend(options: { tokenCounter: TokenCounter }): Promise<BenchBackend> {
  const { tokenCounter } = options;
  const probe = await startServer({ seed: 0, faults: [], tokenCounter, clock: new VirtualClock() });
  await probe.server.close();
  return {
    label: "wire",
    simulated: true,
    virtualClock: true,
    supportsFaults: true,
    models: probe.models,
    async openRun({ faultSeed, faults }) {
      const clock = new VirtualClock();
      const { server, config, models } = await startServer({ seed: faultSeed, faults, tokenCounter, clock });
      const registry = buildRegistry({
        backends: [config],
        models: [...simulatedModels, ...models],
        tokenCounter,
        simulator: new SimulatedBackend({ clock, tokenCounter }),
      });
      return { registry, clock, close: () => server.close() };
    },
  };
}
