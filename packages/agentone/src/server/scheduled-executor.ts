import { RunScheduler } from "../engine/scheduler/run-scheduler.js";
import type { RunExecutor, RunJob } from "./run-executor.js";

/** The server's limits on runs executing at once (agentone.yaml's `server.maxRunning*`). */
export interface SchedulingSettings {
  /** At most this many runs execute at once in the server. */
  maxRunning: number;
  /** At most this many runs of one tenant execute at once. */
  maxRunningPerTenant: number;
}

/**
 * Executes runs through a {@link RunScheduler}: at most `maxRunning` at once and `maxRunningPerTenant`
 * per tenant, the rest waiting by priority, then age (a waiting run's `onQueued` records it `queued`).
 * A run that fails, or is dropped at shutdown before it started, is logged, not thrown: its log (or its
 * `queued` state, for `continueRun` after a restart) already says where it is.
 *
 * @example
 * ```ts
 * const executor = createScheduledExecutor({ maxRunning: 8, maxRunningPerTenant: 2, log: console.error });
 * void executor.submit({ runId, tenant: "acme", priority: 5, execute: (stop) => continueRun(runtime, runId, { stop }) });
 * ```
 */
export function createScheduledExecutor(
  input: SchedulingSettings & {
    log: (line: string) => void;
    /** Waits `ms` (a timer in the server; tests pass their own). */
    sleep?: (ms: number) => Promise<void>;
    now?: () => number;
  },
): RunExecutor {
  const jobs = new Map<string, RunJob>();
  const scheduler = new RunScheduler({
    maxRunning: input.maxRunning,
    maxRunningPerTenant: input.maxRunningPerTenant,
    onQueued: async (run) => {
      await jobs.get(run.runId)?.onQueued?.();
    },
  });
  const now = input.now ?? Date.now;
  const sleep = input.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms).unref()));
  return {
    submit(job) {
      if (jobs.has(job.runId)) {
        input.log(`run ${job.runId} is already scheduled; not submitted again`);
        return Promise.resolve(null);
      }
      jobs.set(job.runId, job);
      return scheduler
        .submit({ runId: job.runId, tenant: job.tenant, priority: job.priority }, (stop) => job.execute(stop))
        .then(
          (result) => result,
          (error: unknown) => {
            input.log(
              `run ${job.runId} stopped on an error: ${error instanceof Error ? error.message : String(error)}`,
            );
            return null;
          },
        )
        .finally(() => jobs.delete(job.runId));
    },
    active: () => [...scheduler.running, ...scheduler.queued].map((run) => run.runId),
    async drain(deadline) {
      const { unfinished } = await scheduler.close({ deadline: sleep(Math.max(0, deadline - now())) });
      return unfinished;
    },
  };
}
