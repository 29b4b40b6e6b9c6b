import type { RunHold, Store } from "../store/store.js";

/**
 * The store, with run claims that are exclusive inside this process too. The embedded store grants every
 * claim (one process owns it), and the server executes many runs in one process: without this, a kill
 * request would take the claim of a run this very process executes and end it under the loop's feet.
 *
 * @example
 * ```ts
 * const store = withProcessClaims(await openStore({ home }));
 * const hold = await store.holdRun?.(runId); // undefined while another request of this process holds it
 * ```
 */
export function withProcessClaims(store: Store): Store {
  const held = new Set<string>();
  const holdRun = async (runId: string): Promise<RunHold | undefined> => {
    if (held.has(runId)) return undefined;
    held.add(runId);
    try {
      const hold = store.holdRun === undefined ? { release: async () => {} } : await store.holdRun(runId);
      if (hold === undefined) {
        held.delete(runId);
        return undefined;
      }
      let released = false;
      return {
        release: async () => {
          if (released) return;
          released = true;
          held.delete(runId);
          await hold.release();
        },
      };
    } catch (error) {
      held.delete(runId);
      throw error;
    }
  };
  return new Proxy(store, {
    get(target, property) {
      if (property === "holdRun") return holdRun;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
