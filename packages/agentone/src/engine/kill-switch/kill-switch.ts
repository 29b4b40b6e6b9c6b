/** Which kill switch fired: the run's own, or the global one. */
export type KillScope = "run" | "global";

/**
 * The kill switch, per run and global. Checked before every step; `watch` lets in-flight calls abort.
 *
 * @example
 * ```ts
 * await runtime.killSwitch.trigger({ runId });   // stop one run
 * await runtime.killSwitch.trigger({ global: true }); // stop everything until rearmed
 * ```
 */
export interface KillSwitch {
  /** The scope that has fired for this run, or null. */
  check(runId: string): Promise<KillScope | null>;
  /** Calls `onKill` once if the run is killed while watched; returns a function that stops watching. */
  watch(runId: string, onKill: (scope: KillScope) => void): () => void;
  trigger(target: { runId: string } | { global: true }): Promise<void>;
  /** Turns the global kill switch off again (per-run kills stay: those runs are over). */
  rearm(): Promise<void>;
  /** Whether the global switch is on. */
  isGlobalOn(): Promise<boolean>;
}

/** An in-process kill switch, for the library API and tests. */
export class MemoryKillSwitch implements KillSwitch {
  readonly #killedRuns = new Set<string>();
  #global = false;
  readonly #watchers = new Set<{ runId: string; onKill: (scope: KillScope) => void }>();

  async check(runId: string): Promise<KillScope | null> {
    if (this.#global) return "global";
    return this.#killedRuns.has(runId) ? "run" : null;
  }

  watch(runId: string, onKill: (scope: KillScope) => void): () => void {
    const watcher = { runId, onKill };
    this.#watchers.add(watcher);
    return () => this.#watchers.delete(watcher);
  }

  async trigger(target: { runId: string } | { global: true }): Promise<void> {
    if ("global" in target) this.#global = true;
    else this.#killedRuns.add(target.runId);
    for (const watcher of [...this.#watchers]) {
      if ("global" in target || watcher.runId === target.runId) {
        this.#watchers.delete(watcher);
        watcher.onKill("global" in target ? "global" : "run");
      }
    }
  }

  async rearm(): Promise<void> {
    this.#global = false;
  }

  async isGlobalOn(): Promise<boolean> {
    return this.#global;
  }
}
