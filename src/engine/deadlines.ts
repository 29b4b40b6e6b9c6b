import type { Deadline } from "../core/clock/index.js";
import { BudgetExceededError } from "../core/errors/index.js";
import { activeElapsedMs } from "../core/run-state/fold-run-state.js";
import type { RunContext } from "./run-context.js";

/** The clock times at which the current step and the run (less the termination slice) run out of time. */
export interface StepDeadlines {
  stepEndsAt: number | null;
  runEndsAt: number | null;
}

export function stepDeadlines(
  context: RunContext,
  options: { stepStartedAt: number; forTermination: boolean },
): StepDeadlines {
  const { limits } = context.log.state;
  const now = context.runtime.clock.now();
  const slice = options.forTermination ? 0 : context.terminationSliceMs;
  const runEndsAt =
    limits.wallClockMs === undefined
      ? null
      : now + limits.wallClockMs - slice - activeElapsedMs(context.log.state, context.log.nowIso());
  const stepEndsAt =
    limits.step?.wallClockMs === undefined ? null : options.stepStartedAt + limits.step.wallClockMs;
  return { stepEndsAt, runEndsAt };
}

/**
 * One signal for a model or tool call: it aborts at the earlier of the step deadline and the run deadline
 * (with a BudgetExceededError naming which), or when the kill switch fires.
 */
export function callSignal(
  context: RunContext,
  deadlines: StepDeadlines,
  attempt?: { endsAt: number; reason: unknown },
): { signal: AbortSignal; dispose: () => void } {
  const { clock } = context.runtime;
  const { limits } = context.log.state;
  const timers: Deadline[] = [];
  if (deadlines.runEndsAt !== null) {
    const limit = limits.wallClockMs ?? 0;
    timers.push(
      clock.deadline(
        deadlines.runEndsAt,
        new BudgetExceededError({ dimension: "wallClockMs", scope: "run", spent: limit, limit }),
      ),
    );
  }
  if (deadlines.stepEndsAt !== null) {
    const limit = limits.step?.wallClockMs ?? 0;
    timers.push(
      clock.deadline(
        deadlines.stepEndsAt,
        new BudgetExceededError({ dimension: "wallClockMs", scope: "step", spent: limit, limit }),
      ),
    );
  }
  if (attempt) timers.push(clock.deadline(attempt.endsAt, attempt.reason));
  const signal = AbortSignal.any([context.killSignal, ...timers.map((timer) => timer.signal)]);
  return {
    signal,
    dispose: () => {
      for (const timer of timers) timer.dispose();
    },
  };
}

/** The earliest deadline, or null. */
export function earliestDeadline(deadlines: StepDeadlines): number | null {
  const values = [deadlines.stepEndsAt, deadlines.runEndsAt].filter(
    (value): value is number => value !== null,
  );
  return values.length === 0 ? null : Math.min(...values);
}
