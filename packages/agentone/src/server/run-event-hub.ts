import type { RunEvent } from "../core/events/run-event.js";
import type { Store } from "../store/store.js";

type Listener = (events: readonly RunEvent[]) => void;

/**
 * Tells live event streams about events once they are in the store (never before: a client that
 * reconnects reads from the store and must find there everything it was sent).
 *
 * @example
 * ```ts
 * const hub = new RunEventHub();
 * const store = hub.observe(await openStore({ home }));
 * const stop = hub.subscribe(runId, (events) => send(events));
 * ```
 */
export class RunEventHub {
  readonly #listeners = new Map<string, Set<Listener>>();

  subscribe(runId: string, listener: Listener): () => void {
    const listeners = this.#listeners.get(runId) ?? new Set<Listener>();
    listeners.add(listener);
    this.#listeners.set(runId, listeners);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.#listeners.delete(runId);
    };
  }

  publish(runId: string, events: readonly RunEvent[]): void {
    for (const listener of [...(this.#listeners.get(runId) ?? [])]) listener(events);
  }

  /** The store, unchanged, except that every batch of events written is published once committed. */
  observe(store: Store): Store {
    const createRun: Store["createRun"] = async (run, events) => {
      await store.createRun(run, events);
      this.publish(run.id, events);
    };
    const appendEvents: Store["appendEvents"] = async (runId, events, update) => {
      await store.appendEvents(runId, events, update);
      this.publish(runId, events);
    };
    // A proxy rather than a copy: every other method (and any a later version adds) reaches the store as is.
    return new Proxy(store, {
      get(target, property) {
        if (property === "createRun") return createRun;
        if (property === "appendEvents") return appendEvents;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  }
}
