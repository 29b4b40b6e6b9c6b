import { UsageError } from "../../core/errors/index.js";
import type { EventOf, RunEvent } from "../../core/events/run-event.js";

/** A model call's recorded outcome: its answer, or the error it ended with. */
export type RecordedOutcome =
  | { type: "end"; attempt: number; event: EventOf<"model-call-end"> }
  | { type: "error"; attempt: number; event: EventOf<"model-call-error"> };

/**
 * A recorded run, indexed for replay: model-call outcomes by step and attempt, tool results by step and
 * call id, and where the recording says the run was killed.
 */
export class Recording {
  readonly events: readonly RunEvent[];
  readonly runStart: EventOf<"run-start">;
  readonly #outcomes = new Map<string, RecordedOutcome>();
  readonly #toolResults = new Map<string, EventOf<"tool-result">>();
  readonly #endsByStep = new Map<number, Extract<RecordedOutcome, { type: "end" }>[]>();

  constructor(events: readonly RunEvent[]) {
    const [first] = events;
    if (first?.type !== "run-start") throw new UsageError("a recording must begin with its run-start event");
    this.events = events;
    this.runStart = first;
    const attempts = new Map<string, number>();
    for (const event of events) {
      switch (event.type) {
        case "model-call-start":
          attempts.set(event.callId, event.attempt);
          break;
        case "model-call-end":
        case "model-call-error": {
          const attempt = attempts.get(event.callId) ?? 0;
          const outcome =
            event.type === "model-call-end"
              ? { type: "end" as const, attempt, event }
              : { type: "error" as const, attempt, event };
          this.#outcomes.set(`${event.step}:${attempt}`, outcome);
          if (outcome.type === "end")
            this.#endsByStep.set(event.step, [...(this.#endsByStep.get(event.step) ?? []), outcome]);
          break;
        }
        case "tool-result":
          this.#toolResults.set(`${event.step}:${event.callId}`, event);
          break;
        default:
          break;
      }
    }
  }

  /** What the model call at this step and attempt came to, if the recording has it. */
  outcome(step: number, attempt: number): RecordedOutcome | undefined {
    return this.#outcomes.get(`${step}:${attempt}`);
  }

  /** The answer that ended the step's model call from this attempt on (retries of one lookup share it). */
  answerFrom(step: number, attempt: number): EventOf<"model-call-end"> | undefined {
    return this.#endsByStep.get(step)?.find((end) => end.attempt >= attempt)?.event;
  }

  toolResult(step: number, callId: string): EventOf<"tool-result"> | undefined {
    return this.#toolResults.get(`${step}:${callId}`);
  }

  /** The recorded event at `seq`. */
  at(seq: number): RunEvent | undefined {
    return this.events[seq];
  }

  /**
   * Whether the recorded run was killed in the step under way at `seq`: a `run-kill` comes before the next
   * step starts (the kill switch stopped a call in flight).
   */
  killedInStep(seq: number): boolean {
    for (const event of this.events.slice(seq)) {
      if (event.type === "run-kill") return true;
      if (event.type === "step-start") return false;
    }
    return false;
  }
}
