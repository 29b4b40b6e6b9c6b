import type { VirtualClock } from "../../src/core/clock/index.js";
import type { ModelSpec } from "../../src/core/model-spec.js";
import type { KillSwitch } from "../../src/engine/kill-switch/kill-switch.js";
import type { Runtime } from "../../src/engine/runtime.js";
import type { Store } from "../../src/store/store.js";
import { ScriptedBackend, scriptedModel } from "../../src/testing/scripted-backend.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";

/** One standard model at $2 / $8 per million tokens: every step's cost is plain arithmetic. */
export const standardOnly = (): ModelSpec[] => [scriptedModel({ id: "scripted-standard", tier: "standard" })];

/**
 * A runtime for external runs: the caller makes the model calls, so the backend is never asked (a scripted
 * one with no steps fails loudly if it were). Virtual clock, sequential ids, a fresh in-memory PGlite store
 * unless one is given.
 */
export async function externalRuntime(
  options: { store?: Store; models?: ModelSpec[]; killSwitch?: KillSwitch } = {},
): Promise<Runtime & { clock: VirtualClock }> {
  const runtime = await createTestRuntime({
    backends: [new ScriptedBackend({ steps: [] })],
    models: options.models ?? standardOnly(),
    ...(options.store ? { store: options.store } : {}),
    ...(options.killSwitch ? { killSwitch: options.killSwitch } : {}),
  });
  return runtime as Runtime & { clock: VirtualClock };
}
