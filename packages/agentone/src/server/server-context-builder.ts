import type { CacheSettings } from "../cache/cache-settings.js";
import { serverSchedulingDefaults } from "../config/config-schema.js";
import { createStoreCaches } from "../engine/model-cache/store-caches.js";
import type { Runtime } from "../engine/runtime.js";
import { createServerMetrics, type ServerMetrics } from "../telemetry/server-metrics.js";
import { withRunMetrics } from "./metered-store.js";
import { withProcessClaims } from "./process-claims.js";
import { RunEventHub } from "./run-event-hub.js";
import type { RunExecutor } from "./run-executor.js";
import { createScheduledExecutor } from "./scheduled-executor.js";
import type { ServerContext, ServerSettings } from "./server-context.js";
import { TenantKillSwitch } from "./tenant-kill-switch.js";

/**
 * The server's context over a runtime: the store is observed (live event streams, metrics by tenant) and
 * its run claims made exclusive within this process; each tenant gets the runtime with its own cache
 * scope; managed runs execute through a scheduler bounded by `settings.maxRunning*`.
 *
 * @example
 * ```ts
 * const context = createServerContext({ runtime, settings: { workspaceRoots: ["/srv/ws"], bodyLimitBytes: 1 << 20, maxWaitSeconds: 300 }, log: console.error });
 * const app = createServerApp(context);
 * ```
 */
export function createServerContext(input: {
  runtime: Runtime;
  settings: ServerSettings;
  log: (line: string) => void;
  /** The cache settings the tenants' caches start from (agentone.yaml's `cache:`); the tenant is replaced. */
  cacheSettings?: Partial<CacheSettings>;
  /** Default: a scheduler with the settings' limits (`createScheduledExecutor`). */
  executor?: RunExecutor;
  /** Default: a fresh registry of this server's own. */
  metrics?: ServerMetrics;
}): ServerContext {
  const events = new RunEventHub();
  const catalog = input.runtime.backends.catalog;
  const metrics =
    input.metrics ?? createServerMetrics({ model: (id) => catalog.list().find((model) => model.id === id) });
  const store = events.observe(withRunMetrics(withProcessClaims(input.runtime.store), metrics));
  const runtime: Runtime = { ...input.runtime, store };
  const tenants = new Map<string, Runtime>();
  let accepting = true;
  const runtimeFor = (tenant: string): Runtime => {
    const known = tenants.get(tenant);
    if (known) return known;
    const caches = createStoreCaches({
      store,
      clock: runtime.clock,
      settings: { ...input.cacheSettings, tenant },
    });
    const scoped = { ...runtime, caches };
    tenants.set(tenant, scoped);
    return scoped;
  };
  return {
    store,
    runtime,
    runtimeFor,
    executor:
      input.executor ??
      createScheduledExecutor({
        maxRunning: input.settings.maxRunning ?? serverSchedulingDefaults.maxRunning,
        maxRunningPerTenant:
          input.settings.maxRunningPerTenant ?? serverSchedulingDefaults.maxRunningPerTenant,
        log: input.log,
      }),
    events,
    metrics,
    tenantKills: new TenantKillSwitch(store),
    settings: input.settings,
    accepting: () => accepting,
    stopAccepting: () => {
      accepting = false;
    },
    log: input.log,
  };
}
