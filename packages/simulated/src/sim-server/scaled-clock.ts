import type { Clock, Deadline } from "agentone";
import { RealClock } from "agentone";

/**
 * A real clock whose sleeps are scaled: `sleep(ms)` waits `ms * timeScale` of real time, so the simulator
 * can answer at its models' published speeds (1), faster (0.1), or at once (0, for tests). `now()` and
 * deadlines stay real: they describe the wall clock, not simulated time.
 *
 * @example
 * ```ts
 * const clock = new ScaledClock({ timeScale: 0.1 });
 * await clock.sleep(2000); // about 200 ms of real time
 * ```
 */
export class ScaledClock implements Clock {
  readonly timeScale: number;
  readonly #inner: Clock;

  constructor(options: { timeScale: number; clock?: Clock }) {
    if (!Number.isFinite(options.timeScale) || options.timeScale < 0)
      throw new RangeError(`timeScale must be a non-negative number (got ${options.timeScale})`);
    this.timeScale = options.timeScale;
    this.#inner = options.clock ?? new RealClock();
  }

  now(): number {
    return this.#inner.now();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const scaled = ms * this.timeScale;
    // No timer at all when there is nothing to wait for: a stream of many frames stays instant at scale 0.
    if (scaled <= 0) return signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve();
    return this.#inner.sleep(scaled, signal);
  }

  deadline(at: number, reason: unknown): Deadline {
    return this.#inner.deadline(at, reason);
  }
}
