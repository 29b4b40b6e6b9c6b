import type { RunHold, Store } from "../../src/store/store.js";

/** What a store was asked, in order: claims taken or refused, claims given up, and writes to a run's log. */
export type ClaimJournalEntry = `${"hold" | "refused" | "release" | "write"} ${string}`;

/**
 * Wraps `store` as PostgreSQL shares it between processes: one claim per run, and `claimElsewhere` makes
 * a run's claim held by another (live) process. Records in `journal` the order of claims and writes, so a
 * test can show that a run's claim is held before its log is first written, and given up after.
 *
 * @example
 * ```ts
 * const claims = journalClaims(runtime.store);
 * await resumeRun({ ...runtime, store: claims.store }, runId, {});
 * expect(claims.journal[0]).toBe(`hold ${runId}`);
 * ```
 */
export function journalClaims(store: Store) {
  const journal: ClaimJournalEntry[] = [];
  const held = new Set<string>();
  const overrides: Pick<Store, "holdRun" | "createRun" | "appendEvents"> = {
    async holdRun(runId): Promise<RunHold | undefined> {
      if (held.has(runId)) {
        journal.push(`refused ${runId}`);
        return undefined;
      }
      held.add(runId);
      journal.push(`hold ${runId}`);
      return {
        release: async () => {
          held.delete(runId);
          journal.push(`release ${runId}`);
        },
      };
    },
    async createRun(run, events) {
      journal.push(`write ${run.id}`);
      await store.createRun(run, events);
    },
    async appendEvents(runId, events, update) {
      journal.push(`write ${runId}`);
      await store.appendEvents(runId, events, update);
    },
  };
  const wrapped = new Proxy(store, {
    get(target, key) {
      if (key in overrides) return overrides[key as keyof typeof overrides];
      const value: unknown = Reflect.get(target, key);
      // The store's own methods reach its private fields, which exist on the store, not on the proxy.
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return {
    store: wrapped,
    journal,
    /** Another live process holds the run's claim from now on. */
    claimElsewhere(runId: string): void {
      held.add(runId);
    },
  };
}
