/**
 * AgentOne's simulated models: deterministic, seeded stand-ins for real models (premium, standard, cheap,
 * local) that solve the benchmark's kinds of task with realistic prices and latencies, served in-process
 * (`SimulatedBackend`) or over the OpenAI, Ollama and Anthropic wire protocols (`createSimServer`).
 * The `agentone` CLI uses them when no model backend is configured.
 *
 * @example
 * ```ts
 * import { createRuntime, loadTokenCounter, openStore, VirtualClock } from "agentone";
 * import { simulatedBackends } from "@agentone/simulated";
 *
 * const clock = new VirtualClock({ start: Date.now() });
 * const tokenCounter = await loadTokenCounter();
 * const runtime = createRuntime({
 *   store: await openStore({ home: ".agentone" }),
 *   tokenCounter,
 *   clock,
 *   backends: simulatedBackends({ clock, tokenCounter }),
 * });
 * ```
 */
export { SimulatedBackend } from "./backends/simulated/simulated-backend.js";
export { simulatedBackends } from "./backends/simulated/simulated-backends.js";
export { simulatedModels } from "./backends/simulated/simulated-models.js";
export * from "./sim-server/index.js";
export { runSimServerCommand } from "./sim-server/sim-server-command.js";
