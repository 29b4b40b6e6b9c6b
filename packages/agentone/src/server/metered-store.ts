import type { RunEvent } from "../core/events/run-event.js";
import type { Store } from "../store/store.js";
import { observeRunEvent } from "../telemetry/observe-run-event.js";
import type { ServerMetrics } from "../telemetry/server-metrics.js";

/**
 * The store, unchanged, except that every batch of run events it commits is counted in the server's
 * metrics under the run's tenant. Counted as committed rather than as emitted, so that events written
 * outside a run's loop (a kill of a run that was not executing, an external run's expiry) count too and
 * nothing counts that was never recorded. The tenant is on the run's row: known from the create, read
 * once per run otherwise (a run this process did not create), and forgotten at the run's end.
 *
 * @example
 * ```ts
 * const store = withRunMetrics(await openStore({ home }), createServerMetrics({ model }));
 * ```
 */
export function withRunMetrics(store: Store, metrics: ServerMetrics): Store {
  const tenants = new Map<string, string>();
  const observe = (tenant: string, events: readonly RunEvent[]) => {
    for (const event of events) {
      observeRunEvent(metrics, tenant, event);
      if (event.type === "run-end") tenants.delete(event.runId);
    }
  };
  const createRun: Store["createRun"] = async (run, events) => {
    await store.createRun(run, events);
    tenants.set(run.id, run.tenant ?? "default");
    observe(run.tenant ?? "default", events);
  };
  const appendEvents: Store["appendEvents"] = async (runId, events, update) => {
    await store.appendEvents(runId, events, update);
    let tenant = tenants.get(runId);
    if (tenant === undefined) {
      // The events are written: a failed lookup must not fail the write. They count, under `unknown`.
      tenant = await store.getRun(runId).then(
        (run) => run?.tenant ?? "default",
        () => "unknown",
      );
      tenants.set(runId, tenant);
    }
    observe(tenant, events);
  };
  return new Proxy(store, {
    get(target, property) {
      if (property === "createRun") return createRun;
      if (property === "appendEvents") return appendEvents;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
