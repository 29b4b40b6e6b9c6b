import { Ledger } from "../../budget/ledger.js";
import { RunNotOpenError, UsageError } from "../../core/errors/index.js";
import { createRandom } from "../../core/random.js";
import { isTerminalStatus } from "../../core/run-status.js";
import { openRunForCaller } from "../lifecycle/open-run-for-caller.js";
import { terminationPolicyOf } from "../lifecycle/termination-policy.js";
import type { RunContext } from "../run-context.js";
import { createRunMemo } from "../run-memo.js";
import type { Runtime } from "../runtime.js";
import { resolveRunPolicy } from "../step/routing-input.js";
import { type ExternalReservation, externalReservations } from "./external-reservations.js";
import { expireReservations } from "./settle-at-worst-case.js";

/** An external run opened for one request: its context, its reservations, and how to close it. */
export interface OpenedExternalRun {
  context: RunContext;
  /** The run's model-call reservations by id (expired ones already settled at their worst case). */
  reservations: Map<string, ExternalReservation>;
  /** Commits what was emitted and gives the run's claim up. */
  close(): Promise<void>;
}

/**
 * Opens an external run for one request: claims it (one request at a time per run), reads and folds its
 * log, refuses a managed or ended run, builds its ledger with the reservations still open (the log holds
 * them between requests), and settles at their worst case those that outlived the run's reservation time,
 * so that expiry happens at the first request after it, whichever request that is.
 *
 * Throws NotFoundError (no such run), RunNotOpenError (managed or ended), UsageError (held by another
 * request right now: retry).
 */
export function openExternalRun(runtime: Runtime, runId: string): Promise<OpenedExternalRun> {
  return openRunForCaller(runtime, runId, {
    busy: () => new UsageError(`run ${runId} is busy with another request; try again`, { retryable: true }),
    open: (log, state) => {
      const settings = state.options.external;
      if (settings === undefined)
        throw new RunNotOpenError({
          runId,
          status: state.status,
          why: "it is a managed run (AgentOne runs its loop); decisions and usage reports are for external runs",
        });
      if (isTerminalStatus(state.status))
        throw new RunNotOpenError({ runId, status: state.status, why: `it has ended (${state.status})` });
      const ledger = new Ledger({
        run: log,
        nextId: () => runtime.ids.next("reservation"),
        // As a managed run under `summarize`: a slice is kept back for the closing summary step.
        holdForTermination: terminationPolicyOf(state.options.onExhaust) === "summarize",
      });
      const reservations = externalReservations(log.events);
      for (const entry of reservations.values()) if (entry.state === "open") ledger.adopt(entry.reservation);
      const context: RunContext = {
        runtime,
        log,
        ledger,
        random: createRandom(state.options.seed).fork(`external:${state.lastSeq}`),
        // Nothing here waits on anything long: the kill switch is asked at each request instead.
        killSignal: new AbortController().signal,
        policy: resolveRunPolicy(state.options),
        memo: createRunMemo(runtime),
      };
      expireReservations(context, reservations, { ttlMs: settings.reservationTtlMs });
      return { context, reservations };
    },
  });
}

/**
 * Opens the run, runs `act` on it, and closes it (committing whatever was emitted, even when `act` throws:
 * an expiry or a recorded breach is part of the run's history either way).
 */
export async function withExternalRun<Result>(
  runtime: Runtime,
  runId: string,
  act: (opened: OpenedExternalRun) => Promise<Result>,
): Promise<Result> {
  const opened = await openExternalRun(runtime, runId);
  try {
    return await act(opened);
  } finally {
    await opened.close();
  }
}
