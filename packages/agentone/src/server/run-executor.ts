import type { RunResult } from "../engine/lifecycle/execute-run.js";

/** One run handed to the executor: who it belongs to, how urgent it is, and the work that drives it. */
export interface RunJob {
  runId: string;
  tenant: string;
  /** Higher runs first when runs have to wait (a scheduler's business; the default executor runs all at once). */
  priority: number;
  /** Drives the run to an end or a wait; settles when the run stops executing. */
  execute(): Promise<RunResult>;
}

/**
 * Where the server hands runs to execute in the background. This is the seam a scheduler takes: bounded
 * concurrency, priorities and a `queued` state replace {@link createImmediateExecutor} without touching
 * the routes.
 */
export interface RunExecutor {
  /** Accepts a run; the returned promise settles when the run stops executing (never rejects). */
  submit(job: RunJob): Promise<RunResult | null>;
  /** The runs accepted and not yet stopped. */
  active(): readonly string[];
  /**
   * Stops taking runs and waits for the accepted ones to stop, at most until `deadline` (epoch ms);
   * returns the ids still executing then.
   */
  drain(deadline: number): Promise<string[]>;
}

/**
 * Executes every submitted run at once, in this process. A run that fails is logged, not thrown: its log
 * already records how it ended.
 *
 * @example
 * ```ts
 * const executor = createImmediateExecutor({ log: console.error });
 * void executor.submit({ runId, tenant: "default", priority: 0, execute: () => executeRun(runtime, log) });
 * ```
 */
export function createImmediateExecutor(input: {
  log: (line: string) => void;
  /** Waits `ms` (a timer in the server; tests pass their own). */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}): RunExecutor {
  const running = new Map<string, Promise<RunResult | null>>();
  const now = input.now ?? Date.now;
  const sleep = input.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms).unref()));
  let draining = false;
  return {
    submit(job) {
      if (draining) return Promise.resolve(null);
      const work = job.execute().then(
        (result) => result,
        (error: unknown) => {
          input.log(
            `run ${job.runId} stopped on an error: ${error instanceof Error ? error.message : String(error)}`,
          );
          return null;
        },
      );
      const tracked = work.finally(() => running.delete(job.runId));
      running.set(job.runId, tracked);
      return tracked;
    },
    active: () => [...running.keys()],
    async drain(deadline) {
      draining = true;
      const all = Promise.allSettled([...running.values()]);
      await Promise.race([all, sleep(Math.max(0, deadline - now()))]);
      return [...running.keys()];
    },
  };
}
