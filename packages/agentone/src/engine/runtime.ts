import type { BackendRegistry } from "../backends/backend-registry.js";
import type { TokenCounter } from "../backends/token-counter.js";
import type { CacheSettings } from "../cache/cache-settings.js";
import { type Clock, RealClock } from "../core/clock/index.js";
import { ConfigError } from "../core/errors/index.js";
import type { RunEvent } from "../core/events/run-event.js";
import { createRandomIdGenerator, type IdGenerator } from "../core/ids.js";
import { type ApprovalPolicy, defaultApprovalPolicy } from "../policy/approval-policy.js";
import type { CircuitBreakerSettings } from "../policy/circuit-breaker.js";
import type { RoutingPolicyInput } from "../policy/routing-policy.js";
import type { Store } from "../store/store.js";
import { PolicyMetrics } from "../telemetry/policy-metrics.js";
import { createDefaultTools } from "../tools/default-tools.js";
import type { AnyTool } from "../tools/tool.js";
import { type KillSwitch, MemoryKillSwitch } from "./kill-switch/kill-switch.js";
import type { RunCaches } from "./model-cache/run-caches.js";
import { createStoreCaches } from "./model-cache/store-caches.js";
import { BackendHealth } from "./model-call/backend-health.js";
import { ToolResultCache } from "./tool-call/tool-cache/tool-result-cache.js";

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
  /**
   * The models runs may use (the registry's catalog) and the backends that serve them. Required: the
   * library never picks models for you, simulated ones included (`simulatedBackends` from `@agentone/simulated` builds those).
   */
  backends: BackendRegistry;
  /**
   * Default: a real clock. Pass the clock the backends were built on; for the simulated models, a
   * `VirtualClock` makes their latencies take no real time.
   */
  clock?: Clock;
  ids?: IdGenerator;
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

/** Refuses options without backends (a JavaScript caller, or a cast): no model is chosen behind the caller's back. */
function requireBackends(options: RuntimeOptions): BackendRegistry {
  if (options.backends) return options.backends;
  throw new ConfigError(
    "createRuntime needs `backends`: a BackendRegistry with the models runs may use and the backends that " +
      "serve them (e.g. an OpenAICompatibleBackend with builtinModels, or simulatedBackends({ clock, tokenCounter }) from @agentone/simulated " +
      "for the simulated models); the library does not fall back to simulated models",
    { key: "backends" },
  );
}

/**
 * Assembles a runtime from the backends you pass, filling in defaults: a real clock, random ids, the
 * default tools (`createDefaultTools`: workspace, git, `run_command`, documents), no approval rules, a tool
 * cache and an in-process kill switch. Throws ConfigError (key `backends`) without backends.
 *
 * @example
 * ```ts
 * const tokenCounter = await loadTokenCounter();
 * const backends = new BackendRegistry({
 *   catalog: new ModelCatalog(builtinModels.filter((model) => model.backend === "openai")),
 *   backends: [new OpenAICompatibleBackend({ name: "openai", baseUrl: "https://api.openai.com/v1", apiKey, tokenCounter })],
 * });
 * const runtime = createRuntime({ store: await openStore({ home: ".agentone" }), tokenCounter, backends });
 * const result = await startRun(runtime, { goal: "Summarize the README", workspace: "." });
 * ```
 */
export function createRuntime(options: RuntimeOptions): Runtime {
  const backends = requireBackends(options);
  const clock = options.clock ?? new RealClock();
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
