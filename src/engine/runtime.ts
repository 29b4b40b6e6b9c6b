import { BackendRegistry } from "../backends/backend-registry.js";
import { ModelCatalog } from "../backends/model-catalog.js";
import { SimulatedBackend } from "../backends/simulated/simulated-backend.js";
import { simulatedModels } from "../backends/simulated/simulated-models.js";
import type { TokenCounter } from "../backends/token-counter.js";
import type { CacheSettings } from "../cache/cache-settings.js";
import { type Clock, RealClock, VirtualClock } from "../core/clock/index.js";
import type { RunEvent } from "../core/events/run-event.js";
import { createRandomIdGenerator, type IdGenerator } from "../core/ids.js";
import { type ApprovalPolicy, defaultApprovalPolicy } from "../policy/approval-policy.js";
import type { CircuitBreakerSettings } from "../policy/circuit-breaker.js";
import type { RoutingPolicyInput } from "../policy/routing-policy.js";
import type { Store } from "../store/store.js";
import { PolicyMetrics } from "../telemetry/policy-metrics.js";
import { createDefaultTools } from "../tools/default-tools.js";
import type { AnyTool } from "../tools/tool.js";
import { BackendHealth } from "./backend-health.js";
import { type KillSwitch, MemoryKillSwitch } from "./kill-switch.js";
import type { RunCaches } from "./model-cache/run-caches.js";
import { createStoreCaches } from "./model-cache/store-caches.js";
import { ToolResultCache } from "./tool-cache/tool-result-cache.js";

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
  /** Rules that approve or deny tool calls without a human, and how long a human may take. */
  approvals: ApprovalPolicy;
  /** Outputs of read-only, idempotent tool calls, reused within a run; null turns tool caching off. */
  toolCache: ToolResultCache | null;
  /** Model answers and plans kept across runs (in the store), consulted before every model call. */
  caches: RunCaches;
}

export interface RuntimeOptions {
  store: Store;
  tokenCounter: TokenCounter;
  /** Default: virtual with the built-in simulated models (no `backends` given), real otherwise. */
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
  /** Default: no rules (every call that needs approval asks a human), 24 hours to decide. */
  approvals?: ApprovalPolicy;
  /** Default: a fresh in-memory cache; null turns tool caching off. */
  toolCache?: ToolResultCache | null;
  /** Settings for the default `caches` (agentone.yaml's `cache:`); ignored when `caches` is given. */
  cache?: Partial<CacheSettings>;
  /** Default: model answers and plans in `store`, by `cache` (enabled, deterministic calls only, 7 days). */
  caches?: RunCaches;
}

/**
 * The clock when none is given, as the CLI's `--clock auto`: virtual while every model the runtime can use
 * is simulated (the built-in models, when no backends are given), so simulated latencies take no real
 * time; real otherwise. Backends passed in were built on some clock: pass that clock with them.
 */
function defaultClock(options: RuntimeOptions): Clock {
  return options.backends === undefined ? new VirtualClock({ start: Date.now() }) : new RealClock();
}

/**
 * Assembles a runtime, filling in defaults: the clock (virtual with the built-in simulated models, real
 * with backends you pass), random ids, the built-in simulated models,
 * the default tools (`createDefaultTools`: workspace, git, `run_command`, documents), no approval rules,
 * a tool cache and an in-process kill switch.
 *
 * @example
 * ```ts
 * const runtime = createRuntime({ store: await openStore({ home: ".agentone" }), tokenCounter: await loadTokenCounter() });
 * const result = await startRun(runtime, { goal: "Summarize the README", workspace: "." });
 * ```
 */
export function createRuntime(options: RuntimeOptions): Runtime {
  const clock = options.clock ?? defaultClock(options);
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
    tools: options.tools ?? createDefaultTools({ tokenCounter: options.tokenCounter }),
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
    approvals: options.approvals ?? defaultApprovalPolicy,
    toolCache: options.toolCache === undefined ? new ToolResultCache() : options.toolCache,
    caches:
      options.caches ??
      createStoreCaches({
        store: options.store,
        clock,
        ...(options.cache ? { settings: options.cache } : {}),
      }),
  };
}
