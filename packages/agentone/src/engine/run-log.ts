import type { DeferredCacheWrite } from "../cache/tiered-cache.js";
import type { Clock } from "../core/clock/index.js";
import { currentSchemaVersion, type EventPayload, type RunEvent } from "../core/events/run-event.js";
import { applyEvent } from "../core/run-state/fold-run-state.js";
import type { RunState } from "../core/run-state/run-state.js";
import type { RunStatus } from "../core/run-status.js";
import type { CacheEntryInput } from "../store/cache-entry.js";
import type { Store } from "../store/store.js";
import type { Runtime } from "./runtime.js";

/**
 * A run's event log as the engine writes it: `emit` gives an event its place and folds it into the
 * in-memory state at once; `commit` writes everything emitted since the last commit in one transaction,
 * with the cache entries the step handed it.
 * The engine commits once per step, so a crash loses at most the step in flight.
 */
export class RunLog {
  #state: RunState;
  #pending: RunEvent[] = [];
  /** Cache entries to write with the next commit (`writeWithNextCommit`). */
  #cacheEntries: CacheEntryInput[] = [];
  /** The commit {@link commitInBackground} started, until someone waits for it. */
  #writing: Promise<void> | undefined;
  readonly #events: RunEvent[];
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #onEvent: ((event: RunEvent) => void) | undefined;
  /** How far the run's time is ahead of this process's clock (see `nowIso`). */
  readonly #offsetMs: number;

  constructor(options: {
    events: RunEvent[];
    state: RunState;
    store: Store;
    clock: Clock;
    onEvent?: (event: RunEvent) => void;
  }) {
    this.#events = [...options.events];
    this.#state = options.state;
    this.#store = options.store;
    this.#clock = options.clock;
    this.#onEvent = options.onEvent;
    this.#offsetMs = Math.max(0, Date.parse(options.state.updatedAt) - options.clock.now());
  }

  /**
   * The log of a run `runtime` executes: its store and clock, each event reported to its `onEvent`.
   *
   * @example
   * ```ts
   * const events = await runtime.store.readEvents(runId);
   * const log = RunLog.forRuntime(runtime, events, foldRunState(events));
   * ```
   */
  static forRuntime(
    runtime: Pick<Runtime, "store" | "clock" | "onEvent">,
    events: RunEvent[],
    state: RunState,
  ): RunLog {
    return new RunLog({
      events,
      state,
      store: runtime.store,
      clock: runtime.clock,
      onEvent: runtime.onEvent,
    });
  }

  get state(): RunState {
    return this.#state;
  }

  /** Every event of the run so far, committed or not. */
  get events(): readonly RunEvent[] {
    return this.#events;
  }

  get runId(): string {
    return this.#state.runId;
  }

  /**
   * Current time as the run's clock tells it, ISO-8601, never before the run's last event. A run continued
   * in another process (approve, resume) may find that process's clock behind the time the run reached (a
   * virtual clock starts at the real time, and the first process's may have run ahead): the run's time then
   * starts where the run left off and moves exactly as this process's clock does, so the simulated
   * latencies after the wait advance the events' times as they did before it.
   */
  nowIso(): string {
    const now = this.#clock.now() + this.#offsetMs;
    return new Date(Math.max(now, Date.parse(this.#state.updatedAt))).toISOString();
  }

  emit(payload: EventPayload): RunEvent {
    const event = {
      ...payload,
      schemaVersion: currentSchemaVersion,
      runId: this.#state.runId,
      seq: this.#state.lastSeq + 1,
      at: this.nowIso(),
    } as RunEvent;
    this.#state = applyEvent(this.#state, event);
    this.#pending.push(event);
    this.#events.push(event);
    this.#onEvent?.(event);
    return event;
  }

  /** Records a state change; no event when the run is already in that state. */
  transition(to: RunStatus, reason: string): void {
    if (this.#state.status === to) return;
    this.emit({ type: "run-transition", from: this.#state.status, to, reason });
  }

  /**
   * Hands a cache entry to the next commit, which writes it in the same statement as the events (a step's
   * cached answer costs no round trip of its own). The store leaves out an entry it cannot hold rather
   * than fail the events with it; a commit that fails for any other reason drops the entries (a cache may
   * lose entries) while its events go out again with the next commit.
   */
  writeWithNextCommit(entry: CacheEntryInput): void {
    this.#cacheEntries.push(entry);
  }

  /** {@link writeWithNextCommit} as a cache's deferred write: it reaches this log's store. */
  deferredCacheWrite(): DeferredCacheWrite {
    return { store: this.#store, add: (entry) => this.writeWithNextCommit(entry) };
  }

  /**
   * Starts the commit of what was emitted and returns at once: the work that follows (deciding the next
   * call, building its request, reading the caches) overlaps the database's round trip. Whatever has an
   * effect outside the run waits for it first ({@link written}), so a crash still loses at most the step
   * in flight.
   */
  commitInBackground(): void {
    const write = this.commit();
    // Observed here so that a failure nobody waits for yet is not an unhandled rejection.
    write.catch(() => {});
    this.#writing = write;
  }

  /**
   * Waits for a commit {@link commitInBackground} started, and rejects if it failed (once: its events are
   * still pending and go out with the next commit).
   */
  async written(): Promise<void> {
    const writing = this.#writing;
    if (writing === undefined) return;
    try {
      await writing;
    } finally {
      if (this.#writing === writing) this.#writing = undefined;
    }
  }

  async commit(): Promise<void> {
    // A write still in flight goes first; if it failed, so does this commit, as if it had been this
    // commit's own write, and its events go out with the next one.
    await this.written();
    if (this.#pending.length === 0) return;
    // A copy: an event emitted while the write is in flight must wait for the next commit, or it would be
    // written with a run row update that does not include it.
    const batch = [...this.#pending];
    const cacheEntries = this.#cacheEntries;
    this.#cacheEntries = [];
    const state = this.#state;
    const update = {
      status: state.status,
      outcome: state.outcome,
      terminationReason: state.terminationReason,
      costNanoUsd: state.usage.nanoUsd,
    };
    await this.#store.appendEvents(state.runId, batch, { ...update, cacheEntries });
    // Cleared only once written: after a failed write the batch goes out again with the next commit, so
    // the stored log never has a gap.
    this.#pending = this.#pending.slice(batch.length);
  }
}
