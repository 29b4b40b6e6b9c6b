import { ConfigError, UnavailableError, UsageError } from "../../core/errors/index.js";
import { effectivePriority, nextRun, type ScheduledRun, type WaitingRun } from "./next-run.js";

/** Limits and hooks of a {@link RunScheduler}. */
export interface RunSchedulerOptions {
  /** At most this many runs execute at once in this server (a positive integer). */
  maxRunning: number;
  /** At most this many runs of one tenant execute at once (a positive integer; above `maxRunning` it never binds). */
  maxRunningPerTenant: number;
  /**
   * Called once for a run that cannot start at once, before it may start (e.g. `markRunQueued`, so listings
   * show it `queued`). If it fails, the run is dropped and its `submit` rejects with that error.
   */
  onQueued?: (run: ScheduledRun) => Promise<void>;
  /**
   * Aging: every `everyMs` a run waits adds 1 to its priority, so that no waiting run starves behind a
   * stream of newer, more urgent ones. `now` is the clock (milliseconds). Absent: priorities never change.
   */
  aging?: { now: () => number; everyMs: number };
}

/** What `close` came to: runs that settled before the deadline, runs still executing, runs never started. */
export interface CloseResult {
  settled: string[];
  unfinished: string[];
  notStarted: string[];
}

interface Entry extends WaitingRun {
  /** False while `onQueued` runs: the run may not start before it is recorded as queued. */
  ready: boolean;
  execute: (stop: AbortSignal) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Running {
  run: ScheduledRun;
  stop: AbortController;
  settled: Promise<void>;
}

/**
 * Bounds how many runs execute at once: at most `maxRunning` in the server and `maxRunningPerTenant` per
 * tenant; the rest wait, in order of priority (higher first), then age (older first).
 *
 * What it guarantees: (1) the limits are never exceeded; (2) it is work-conserving: a slot is never left
 * free while a ready waiting run's tenant is under its limit; (3) a tenant that floods the server holds at
 * most `maxRunningPerTenant` slots, and at equal priority a tenant with fewer runs executing goes before
 * it even with newer runs, so another tenant's run waits for at most one slot to free up behind
 * equal-priority work; (4) with `aging`, every waiting run eventually outranks any newer arrival, so none
 * starves behind a stream of higher priorities (without it, a run waits as long as more urgent runs keep
 * coming). Runs of one tenant at one priority start in submission order.
 *
 * `execute` gets a stop signal: `close` aborts it, and the run should pause after its step in flight
 * (`continueRun(runtime, runId, { stop })`) so it stays resumable.
 *
 * @example
 * ```ts
 * const scheduler = new RunScheduler({ maxRunning: 8, maxRunningPerTenant: 2,
 *   onQueued: (run) => markRunQueued(runtime, run.runId) });
 * const result = await scheduler.submit({ runId, tenant: "acme", priority: 5 },
 *   (stop) => continueRun(runtime, runId, { stop }));
 * // on SIGTERM:
 * await scheduler.close({ deadline: clock.sleep(30_000) });
 * ```
 */
export class RunScheduler {
  readonly #options: RunSchedulerOptions;
  #queue: Entry[] = [];
  readonly #running = new Map<string, Running>();
  readonly #runningByTenant = new Map<string, number>();
  #order = 0;
  #accepting = true;
  #closed = false;
  #idleWaiters: (() => void)[] = [];

  constructor(options: RunSchedulerOptions) {
    for (const key of ["maxRunning", "maxRunningPerTenant"] as const) {
      const value = options[key];
      if (!Number.isInteger(value) || value < 1)
        throw new ConfigError(`${key} must be a positive integer, got ${value}`, { key });
    }
    if (options.aging && !(options.aging.everyMs > 0))
      throw new ConfigError(`aging.everyMs must be positive, got ${options.aging.everyMs}`, {
        key: "aging.everyMs",
      });
    this.#options = options;
  }

  /**
   * Executes `execute` once a slot is free for the run, and settles as it does. Rejects with
   * UnavailableError once the scheduler drains or closes (also for a run still waiting when it closes),
   * ConfigError for a priority that is not a finite number, UsageError for a run already submitted.
   */
  submit<Result>(
    input: { runId: string; tenant: string; priority?: number },
    execute: (stop: AbortSignal) => Promise<Result>,
  ): Promise<Result> {
    const run: ScheduledRun = { runId: input.runId, tenant: input.tenant, priority: input.priority ?? 0 };
    if (!this.#accepting)
      return Promise.reject(new UnavailableError("the server is shutting down and takes no new runs"));
    if (!Number.isFinite(run.priority))
      return Promise.reject(
        new ConfigError(`priority must be a finite number, got ${run.priority}`, { key: "priority" }),
      );
    if (this.#running.has(run.runId) || this.#queue.some((entry) => entry.run.runId === run.runId))
      return Promise.reject(new UsageError(`run ${run.runId} is already scheduled`));
    return new Promise<Result>((resolve, reject) => {
      const entry: Entry = {
        run,
        order: this.#order++,
        submittedAt: this.#now(),
        ready: true,
        execute,
        resolve: resolve as (value: unknown) => void,
        reject,
      };
      this.#queue.push(entry);
      this.#dispatch();
      if (!this.#queue.includes(entry) || this.#options.onQueued === undefined) return;
      entry.ready = false;
      this.#options.onQueued(run).then(
        () => {
          entry.ready = true;
          this.#dispatch();
        },
        (error: unknown) => {
          this.#queue = this.#queue.filter((other) => other !== entry);
          reject(error);
          this.#notifyIfIdle();
        },
      );
    });
  }

  /** Runs waiting for a slot, next first (by effective priority, then age; tenant limits aside). */
  get queued(): ScheduledRun[] {
    const capacity = this.#agingNow();
    const rank = (entry: Entry) => effectivePriority(entry, capacity);
    return [...this.#queue].sort((a, b) => rank(b) - rank(a) || a.order - b.order).map((entry) => entry.run);
  }

  /** Runs executing now, in the order they started. */
  get running(): ScheduledRun[] {
    return [...this.#running.values()].map((running) => running.run);
  }

  /** Takes no new runs, and resolves once every waiting and executing run has settled. */
  drain(): Promise<void> {
    this.#accepting = false;
    return this.#whenIdle();
  }

  /**
   * Graceful shutdown: takes no new runs; runs still waiting are dropped (their `submit` rejects with
   * UnavailableError; they stay `queued` in the store, for `continueRun` after a restart); executing runs get
   * their stop signal and have until `deadline` settles to finish their step. Resolves at the deadline, or
   * earlier once every executing run has settled.
   */
  async close(options: { deadline: Promise<unknown> }): Promise<CloseResult> {
    this.#accepting = false;
    this.#closed = true;
    const dropped = this.#queue;
    this.#queue = [];
    for (const entry of dropped)
      entry.reject(new UnavailableError(`the server shut down before run ${entry.run.runId} started`));
    const running = [...this.#running.values()];
    const settled: string[] = [];
    for (const each of running) {
      each.stop.abort(new UnavailableError("the server is shutting down"));
      void each.settled.then(() => settled.push(each.run.runId));
    }
    await Promise.race([
      Promise.all(running.map((each) => each.settled)),
      options.deadline.then(
        () => undefined,
        () => undefined,
      ),
    ]);
    // A run that settled in the same turn as the deadline counts as settled.
    await Promise.resolve();
    return {
      settled: running.map((each) => each.run.runId).filter((id) => settled.includes(id)),
      unfinished: running.map((each) => each.run.runId).filter((id) => !settled.includes(id)),
      notStarted: dropped.map((entry) => entry.run.runId),
    };
  }

  #now(): number {
    return this.#options.aging?.now() ?? 0;
  }

  #agingNow(): { now: number; agingEveryMs?: number } {
    const aging = this.#options.aging;
    return aging ? { now: aging.now(), agingEveryMs: aging.everyMs } : { now: 0 };
  }

  /** Starts waiting runs while there is room; stops at the first moment none may start. */
  #dispatch(): void {
    if (this.#closed) return;
    for (;;) {
      const next = nextRun(
        this.#queue.filter((entry) => entry.ready),
        {
          maxRunning: this.#options.maxRunning,
          maxRunningPerTenant: this.#options.maxRunningPerTenant,
          runningByTenant: this.#runningByTenant,
          ...this.#agingNow(),
        },
      );
      if (next === undefined) return;
      this.#start(next);
    }
  }

  #start(entry: Entry): void {
    const { run } = entry;
    this.#queue = this.#queue.filter((other) => other !== entry);
    this.#runningByTenant.set(run.tenant, (this.#runningByTenant.get(run.tenant) ?? 0) + 1);
    const stop = new AbortController();
    // Called on a later turn, so that an `execute` that throws at once still settles through its promise.
    const settled = Promise.resolve()
      .then(() => entry.execute(stop.signal))
      .then(entry.resolve, entry.reject)
      .finally(() => {
        this.#running.delete(run.runId);
        const left = (this.#runningByTenant.get(run.tenant) ?? 1) - 1;
        if (left === 0) this.#runningByTenant.delete(run.tenant);
        else this.#runningByTenant.set(run.tenant, left);
        this.#dispatch();
        this.#notifyIfIdle();
      });
    this.#running.set(run.runId, { run, stop, settled });
  }

  #whenIdle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #isIdle(): boolean {
    return this.#queue.length === 0 && this.#running.size === 0;
  }

  #notifyIfIdle(): void {
    if (!this.#isIdle()) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const waiter of waiters) waiter();
  }
}
