import type { CacheSettings } from "../cache/cache-settings.js";
import { createStoreCaches } from "../engine/model-cache/store-caches.js";
import type { Runtime } from "../engine/runtime.js";
import { withProcessClaims } from "./process-claims.js";
import { RunEventHub } from "./run-event-hub.js";
import { createImmediateExecutor, type RunExecutor } from "./run-executor.js";
import type { ServerContext, ServerSettings } from "./server-context.js";
import { TenantKillSwitch } from "./tenant-kill-switch.js";

/**
 * The server's context over a runtime: the store is observed (live event streams) and its run claims made
 * exclusive within this process; each tenant gets the runtime with its own cache scope.
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
  /** The seam for a scheduler; default: every run executes at once. */
  executor?: RunExecutor;
}): ServerContext {
  const events = new RunEventHub();
  const store = events.observe(withProcessClaims(input.runtime.store));
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
    executor: input.executor ?? createImmediateExecutor({ log: input.log, now: () => Date.now() }),
    events,
    tenantKills: new TenantKillSwitch(),
    settings: input.settings,
    accepting: () => accepting,
    stopAccepting: () => {
      accepting = false;
    },
    log: input.log,
  };
}
