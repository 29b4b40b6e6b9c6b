/** A deadline: `signal` aborts with the given reason once the clock reaches the deadline. */
export interface Deadline {
  readonly signal: AbortSignal;
  /** Cancels the timer behind the deadline; call it once the guarded work is over. */
  dispose(): void;
}

/**
 * Time, injected. The real clock waits; the virtual clock jumps, so simulated latencies and wall-clock
 * budgets cost no real time in tests and benchmarks.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with `signal.reason` if the signal aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** A signal that aborts with `reason` when `now() >= at`. */
  deadline(at: number, reason: unknown): Deadline;
}
