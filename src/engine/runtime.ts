import { BackendRegistry } from "../backends/backend-registry.js";
import { ModelCatalog } from "../backends/model-catalog.js";
import { SimulatedBackend } from "../backends/simulated/simulated-backend.js";
import { simulatedModels } from "../backends/simulated/simulated-models.js";
import type { TokenCounter } from "../backends/token-counter.js";
import { type Clock, RealClock } from "../core/clock/index.js";
import type { RunEvent } from "../core/events/run-event.js";
import { createRandomIdGenerator, type IdGenerator } from "../core/ids.js";
import type { CircuitBreakerSettings } from "../policy/circuit-breaker.js";
import type { RoutingPolicyInput } from "../policy/routing-policy.js";
import type { Store } from "../store/store.js";
import { PolicyMetrics } from "../telemetry/policy-metrics.js";
import type { AnyTool } from "../tools/tool.js";
import { createWorkspaceTools } from "../tools/workspace/index.js";
import { BackendHealth } from "./backend-health.js";
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
  /** Circuit breakers and observed latency per backend, shared by every run of this runtime. */
  health: BackendHealth;
  /** The routing policy runs start from (agentone.yaml's `policy:`); a task's own policy is laid over it. */
  defaultPolicy: RoutingPolicyInput;
  /** Process-wide counters of the policy's effect (runs, steps by tier, downgrades, cost saved, ...). */
  metrics: PolicyMetrics;
  /** Called for every event as it is recorded (live progress output); the metrics see every event first. */
  onEvent: (event: RunEvent) => void;
}

export interface RuntimeOptions {
  store: Store;
  tokenCounter: TokenCounter;
  clock?: Clock;
  ids?: IdGenerator;
  backends?: BackendRegistry;
  tools?: readonly AnyTool[];
  killSwitch?: KillSwitch;
  health?: BackendHealth;
  defaultPolicy?: RoutingPolicyInput;
  metrics?: PolicyMetrics;
  /** Circuit breaker settings for the default `health` (ignored when `health` is given). */
  circuitBreaker?: CircuitBreakerSettings;
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
  const metrics =
    options.metrics ??
    new PolicyMetrics({ model: (id) => backends.catalog.list().find((model) => model.id === id) });
  return {
    clock,
    ids: options.ids ?? createRandomIdGenerator(() => clock.now()),
    store: options.store,
    backends,
    tools: options.tools ?? createWorkspaceTools(),
    killSwitch: options.killSwitch ?? new MemoryKillSwitch(),
    tokenCounter: options.tokenCounter,
    health:
      options.health ??
      new BackendHealth({ clock, ...(options.circuitBreaker ? { settings: options.circuitBreaker } : {}) }),
    defaultPolicy: options.defaultPolicy ?? {},
    metrics,
    onEvent: (event) => {
      metrics.observe(event);
      options.onEvent?.(event);
    },
  };
}
