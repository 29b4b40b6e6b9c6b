import type { Clock, Deadline } from "./clock.js";

interface Timer {
  at: number;
  order: number;
  /** Sleepers move time forward; deadlines only fire when a sleeper carries time past them. */
  isSleeper: boolean;
  fire(): void;
}

/**
 * A clock whose time moves only when someone sleeps: the earliest pending sleep jumps time forward at
 * once, firing any deadline it passes on the way. Real I/O takes no virtual time, so a run's timeline
 * depends on what it does, not on how fast the machine is.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock({ start: Date.parse("2026-01-01T00:00:00Z") });
 * await clock.sleep(30_000); // returns at once; clock.now() moved 30 s
 * ```
 */
export class VirtualClock implements Clock {
  #now: number;
  #order = 0;
  #timers: Timer[] = [];
  #advanceScheduled = false;

  constructor(options: { start?: number } = {}) {
    this.#now = options.start ?? Date.parse("2026-01-01T00:00:00.000Z");
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        this.#remove(timer);
        reject(signal?.reason);
      };
      const timer = this.#add(this.#now + Math.max(0, ms), true, () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      });
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#scheduleAdvance();
    });
  }

  deadline(at: number, reason: unknown): Deadline {
    const controller = new AbortController();
    if (at <= this.#now) {
      controller.abort(reason);
      return { signal: controller.signal, dispose: () => {} };
    }
    const timer = this.#add(at, false, () => controller.abort(reason));
    return { signal: controller.signal, dispose: () => this.#remove(timer) };
  }

  /** Moves time forward by `ms` at once, firing every timer on the way (for tests). */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (let next = this.#earliest(); next && next.at <= target; next = this.#earliest()) {
      this.#fire(next);
    }
    this.#now = target;
  }

  #add(at: number, isSleeper: boolean, fire: () => void): Timer {
    const timer: Timer = { at, order: this.#order++, isSleeper, fire };
    this.#timers.push(timer);
    return timer;
  }

  #remove(timer: Timer): void {
    this.#timers = this.#timers.filter((candidate) => candidate !== timer);
  }

  #earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.#timers) {
      if (!best || timer.at < best.at || (timer.at === best.at && timer.order < best.order)) best = timer;
    }
    return best;
  }

  #fire(timer: Timer): void {
    this.#remove(timer);
    this.#now = Math.max(this.#now, timer.at);
    timer.fire();
  }

  #scheduleAdvance(): void {
    if (this.#advanceScheduled) return;
    this.#advanceScheduled = true;
    // setImmediate lets pending promise callbacks run first, so sleeps started in the same tick all
    // register before time moves.
    setImmediate(() => {
      this.#advanceScheduled = false;
      const hasSleeper = this.#timers.some((timer) => timer.isSleeper);
      const next = this.#earliest();
      if (!hasSleeper || !next) return;
      this.#fire(next);
      this.#scheduleAdvance();
    });
  }
}
