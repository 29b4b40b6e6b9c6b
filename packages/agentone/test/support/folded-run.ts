import type { BudgetedRun } from "../../src/budget/ledger.js";
import type { BudgetLimits } from "../../src/core/budget-limits.js";
import type { EventPayload, RunEvent } from "../../src/core/events/run-event.js";
import { applyEvent, initialRunState } from "../../src/core/run-state/fold-run-state.js";
import type { RunState } from "../../src/core/run-state/run-state.js";
import { buildLog, runStart } from "./event-builder.js";

/** A run held in memory for budget tests: what it is given is folded at once, as `RunLog` does. */
export interface FoldedRun extends BudgetedRun {
  readonly events: readonly RunEvent[];
  /** Moves the run's clock on (active time counts while the run is active). */
  advance(milliseconds: number): void;
  /** Folds an event recorded elsewhere (a replay), as it was recorded. */
  record(event: RunEvent): void;
}

/**
 * A run that starts with `limits` (or with the given `run-start`), and folds every event it is given.
 *
 * @example
 * ```ts
 * const run = foldedRun({ limits: { usd: 1 } });
 * const ledger = new Ledger({ run, nextId });
 * run.emit({ type: "retry-schedule", step: 1, attempt: 2, model: "m", waitMs: 0, reason: "server" });
 * ```
 */
export function foldedRun(options: { limits?: BudgetLimits; start?: RunEvent } = {}): FoldedRun {
  const start =
    options.start ?? (buildLog("run_budget", [runStart("budget", options.limits ?? {})])[0] as RunEvent);
  if (start.type !== "run-start") throw new Error("a folded run begins with run-start");
  let state: RunState = initialRunState(start);
  let now = Date.parse(start.at);
  const events: RunEvent[] = [start];
  const nowIso = () => new Date(Math.max(now, Date.parse(state.updatedAt))).toISOString();
  return {
    get state() {
      return state;
    },
    get events() {
      return events;
    },
    nowIso,
    advance(milliseconds) {
      now += milliseconds;
    },
    record(event) {
      state = applyEvent(state, event);
      events.push(event);
    },
    emit(payload: EventPayload) {
      const event = {
        ...payload,
        schemaVersion: start.schemaVersion,
        runId: start.runId,
        seq: state.lastSeq + 1,
        at: nowIso(),
      } as RunEvent;
      state = applyEvent(state, event);
      events.push(event);
      return event;
    },
  };
}
