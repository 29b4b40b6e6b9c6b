import { BackendRegistry } from "../backends/backend-registry.js";
import { ModelCatalog } from "../backends/model-catalog.js";
import { SimulatedBackend } from "../backends/simulated/simulated-backend.js";
import { simulatedModels } from "../backends/simulated/simulated-models.js";
import type { TokenCounter } from "../backends/token-counter.js";
import { type Clock, RealClock } from "../core/clock/index.js";
import type { RunEvent } from "../core/events/run-event.js";
import { createRandomIdGenerator, type IdGenerator } from "../core/ids.js";
import type { Store } from "../store/store.js";
import type { AnyTool } from "../tools/tool.js";
import { createWorkspaceTools } from "../tools/workspace/index.js";
import { type KillSwitch, MemoryKillSwitch } from "./kill-switch.js";

/**
 * Everything a run depends on, passed in: nothing global, nothing created at import time.
 */
export interface Runtime {
  clock: Clock;
  ids: IdGenerator;
  store: Store;
  backends: BackendRegistry;
  tools: readonly AnyTool[];
  killSwitch: KillSwitch;
  tokenCounter: TokenCounter;
  /** Called for every event as it is recorded (live progress output). */
  onEvent?: (event: RunEvent) => void;
}

export interface RuntimeOptions {
  store: Store;
  tokenCounter: TokenCounter;
  clock?: Clock;
  ids?: IdGenerator;
  backends?: BackendRegistry;
  tools?: readonly AnyTool[];
  killSwitch?: KillSwitch;
  onEvent?: (event: RunEvent) => void;
}

/**
 * Assembles a runtime, filling in defaults: the real clock, random ids, the built-in simulated models,
 * the workspace tools and an in-process kill switch.
 *
 * @example
 * ```ts
 * const runtime = createRuntime({ store: await openStore({ home: ".agentone" }), tokenCounter: await loadTokenCounter() });
 * const result = await startRun(runtime, { goal: "Summarize the README", workspace: "." });
 * ```
 */
export function createRuntime(options: RuntimeOptions): Runtime {
  const clock = options.clock ?? new RealClock();
  const backends =
    options.backends ??
    new BackendRegistry({
      catalog: new ModelCatalog(simulatedModels),
      backends: [new SimulatedBackend({ clock, tokenCounter: options.tokenCounter })],
    });
  return {
    clock,
    ids: options.ids ?? createRandomIdGenerator(() => clock.now()),
    store: options.store,
    backends,
    tools: options.tools ?? createWorkspaceTools(),
    killSwitch: options.killSwitch ?? new MemoryKillSwitch(),
    tokenCounter: options.tokenCounter,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  };
}
