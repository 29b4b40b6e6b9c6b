import type { StepDeadlines } from "../../budget/ledger.js";
import { type Clock, type Deadline, RealClock } from "../../core/clock/index.js";
import type { RunContext } from "../run-context.js";

/** The step's and the run's deadlines on the runtime's clock: the ledger's answer. */
export function stepDeadlines(
  context: RunContext,
  options: { stepStartedAt: number; forTermination: boolean },
): StepDeadlines {
  return context.ledger.deadlines({ now: context.runtime.clock.now(), ...options });
}

/**
 * One signal for a model or tool call: it aborts at the earlier of the step deadline and the run deadline
 * (with a BudgetExceededError naming which), or when the kill switch fires.
 *
 * With `attempt.realIo` (a call that waits on the network, not on a simulated model), every deadline is also armed
 * on the real clock for the time it has left: a virtual clock stands still while the process waits for an
 * answer, so a server that never answers would otherwise hold the run forever.
 */
export function callSignal(
  context: RunContext,
  deadlines: StepDeadlines,
  attempt?: { endsAt: number; reason: unknown; realIo?: boolean },
): { signal: AbortSignal; dispose: () => void } {
  const clock = attempt?.realIo ? realTimeMirror(context.runtime.clock) : context.runtime.clock;
  const { ledger } = context;
  const timers: Deadline[] = [];
  if (deadlines.runEndsAt !== null)
    timers.push(clock.deadline(deadlines.runEndsAt, ledger.wallClockBreach("run")));
  if (deadlines.stepEndsAt !== null)
    timers.push(clock.deadline(deadlines.stepEndsAt, ledger.wallClockBreach("step")));
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

/**
 * A clock whose deadlines fire on whichever of `clock` and the real clock reaches them first, each real
 * timer set for the time the deadline has left on `clock` now. A real clock needs no mirror.
 */
function realTimeMirror(clock: Clock): Clock {
  if (clock instanceof RealClock) return clock;
  const real = new RealClock();
  return {
    now: () => clock.now(),
    sleep: (milliseconds, signal) => clock.sleep(milliseconds, signal),
    deadline(at, reason) {
      const onClock = clock.deadline(at, reason);
      const onRealTime = real.deadline(real.now() + (at - clock.now()), reason);
      return {
        signal: AbortSignal.any([onClock.signal, onRealTime.signal]),
        dispose: () => {
          onClock.dispose();
          onRealTime.dispose();
        },
      };
    },
  };
}
