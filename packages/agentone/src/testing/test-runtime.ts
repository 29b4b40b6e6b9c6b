import { BackendRegistry } from "../backends/backend-registry.js";
import type { ModelBackend } from "../backends/model-backend.js";
import { ModelCatalog } from "../backends/model-catalog.js";
import { loadTokenCounter, type TokenCounter } from "../backends/token-counter.js";
import { loadSimulatedPackage } from "../config/simulated-package.js";
import { type Clock, VirtualClock } from "../core/clock/index.js";
import type { RunEvent } from "../core/events/run-event.js";
import { createSequentialIdGenerator } from "../core/ids.js";
import type { ModelSpec } from "../core/model-spec.js";
import type { KillSwitch } from "../engine/kill-switch/kill-switch.js";
import { createRuntime, type Runtime } from "../engine/runtime.js";
import type { RoutingPolicyInput } from "../policy/routing-policy.js";
import type { Store } from "../store/store.js";
import type { AnyTool } from "../tools/tool.js";
import { scriptedModels } from "./scripted-backend.js";
import { createTestStore } from "./test-store.js";

let counter: Promise<TokenCounter> | undefined;

export interface TestRuntimeOptions {
  /** A backend to use instead of the simulator (typically a ScriptedBackend, serving `scripted-*` models). */
  backend?: ModelBackend;
  /** Several backends at once (with `models` naming which serves what); overrides `backend`. */
  backends?: ModelBackend[];
  models?: ModelSpec[];
  /** The routing policy runs start from (as agentone.yaml's `policy:` would set it). */
  defaultPolicy?: RoutingPolicyInput;
  clock?: Clock;
  store?: Store;
  tools?: readonly AnyTool[];
  killSwitch?: KillSwitch;
  onEvent?: (event: RunEvent) => void;
}

/** The given backend with the `scripted-*` models, else the simulated models (`@agentone/simulated`). */
async function defaultBackend(
  backend: ModelBackend | undefined,
  input: { clock: Clock; tokenCounter: TokenCounter },
): Promise<{ backend: ModelBackend; models: ModelSpec[] }> {
  if (backend) return { backend, models: scriptedModels() };
  const simulated = await loadSimulatedPackage();
  return { backend: new simulated.SimulatedBackend(input), models: [...simulated.simulatedModels] };
}

/**
 * A runtime for tests: virtual clock, sequential ids, a fresh in-memory store, and either the given backend
 * (with the `scripted-*` models) or the simulated models (which need `@agentone/simulated` installed).
 */
export async function createTestRuntime(
  options: TestRuntimeOptions = {},
): Promise<Runtime & { clock: Clock }> {
  counter ??= loadTokenCounter();
  const tokenCounter = await counter;
  const clock = options.clock ?? new VirtualClock();
  const fallback =
    options.backends && options.models
      ? null
      : await defaultBackend(options.backend, { clock, tokenCounter });
  const models = options.models ?? fallback?.models ?? [];
  const runtime = createRuntime({
    store: options.store ?? (await createTestStore()),
    tokenCounter,
    clock,
    ids: createSequentialIdGenerator(),
    backends: new BackendRegistry({
      catalog: new ModelCatalog(models),
      backends: options.backends ?? (fallback ? [fallback.backend] : []),
    }),
    ...(options.defaultPolicy ? { defaultPolicy: options.defaultPolicy } : {}),
    ...(options.tools ? { tools: options.tools } : {}),
    ...(options.killSwitch ? { killSwitch: options.killSwitch } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  return { ...runtime, clock };
}
