import { NotFoundError } from "../../core/errors/index.js";
import { foldRunState } from "../../core/run-state/fold-run-state.js";
import type { RunState } from "../../core/run-state/run-state.js";
import { RunLog } from "../run-log.js";
import type { Runtime } from "../runtime.js";

/** What {@link openRunForCaller} hands back: the caller's own parts, and how to close the run. */
export type OpenedForCaller<Opened> = Opened & {
  /** Commits what was emitted, then stops watching (`onClose`) and gives the run's claim up. */
  close(): Promise<void>;
};

/**
 * Opens a run for a request from outside the loop (a governed model call, an external run's decision or
 * usage report): claims it, since a concurrent writer would fork its log; reads and folds its log
 * (NotFoundError when it has none); then `open` checks the state and builds what the caller needs around
 * the run's log. The claim is given up if `open` throws, and by `close` otherwise, after the commit.
 *
 * @example
 * ```ts
 * const run = await openRunForCaller(runtime, runId, {
 *   busy: () => new UsageError(`run ${runId} is busy; try again`),
 *   open: (log) => ({ context: contextFor(log) }),
 * });
 * try { await act(run.context); } finally { await run.close(); }
 * ```
 */
export async function openRunForCaller<Opened>(
  runtime: Runtime,
  runId: string,
  options: {
    /** The error when another process or request holds the run. */
    busy: () => Error;
    open: (log: RunLog, state: RunState) => Opened & { onClose?: () => void };
  },
): Promise<OpenedForCaller<Opened>> {
  const hold = runtime.store.holdRun ? await runtime.store.holdRun(runId) : undefined;
  if (runtime.store.holdRun && hold === undefined) throw options.busy();
  try {
    const events = await runtime.store.readEvents(runId);
    if (events.length === 0) throw new NotFoundError("run", runId);
    const state = foldRunState(events);
    const log = RunLog.forRuntime(runtime, events, state);
    const opened = options.open(log, state);
    return {
      ...opened,
      close: async () => {
        opened.onClose?.();
        try {
          await log.commit();
        } finally {
          await hold?.release();
        }
      },
    };
  } catch (error) {
    await hold?.release();
    throw error;
  }
}
