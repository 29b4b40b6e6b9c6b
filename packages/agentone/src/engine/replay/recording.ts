import { UsageError } from "../../core/errors/index.js";
import type { NestedCall } from "../../core/events/payload-schemas.js";
import type { EventOf, RunEvent } from "../../core/events/run-event.js";

/** A model call's recorded outcome: its answer, or the error it ended with. */
export type RecordedOutcome =
  | { type: "end"; attempt: number; event: EventOf<"model-call-end"> }
  | { type: "error"; attempt: number; event: EventOf<"model-call-error"> };

/** Where a model call sits in a run: its step, and for a tool's nested call which one it is. */
export interface ModelCallPlace {
  step: number;
  nested?: Pick<NestedCall, "toolCallId" | "index"> | undefined;
}

/** The key of a model call's place: retries and fallbacks of one call share it. */
function placeKey(place: ModelCallPlace): string {
  return place.nested ? `${place.step}:${place.nested.toolCallId}#${place.nested.index}` : `${place.step}`;
}

/** A nested model call as the tool asked for it, rebuilt from its first recorded attempt. */
export interface RecordedNestedRequest {
  purpose: string;
  instructions: string;
  input: string;
  maxOutputTokens: number;
}

function nestedRequestOf(start: EventOf<"model-call-start">): RecordedNestedRequest | undefined {
  if (!start.nested) return undefined;
  const text = (role: "system" | "user") =>
    start.request.messages.find((message) => message.role === role)?.content ?? "";
  return {
    purpose: start.nested.purpose,
    instructions: text("system"),
    input: text("user"),
    maxOutputTokens: start.nested.maxOutputTokens,
  };
}

/**
 * A recorded run, indexed for replay: model-call outcomes by step and attempt, tool results by step and
 * call id, and where the recording says the run was killed.
 */
export class Recording {
  readonly events: readonly RunEvent[];
  readonly runStart: EventOf<"run-start">;
  readonly #outcomes = new Map<string, RecordedOutcome>();
  readonly #toolResults = new Map<string, EventOf<"tool-result">>();
  readonly #endsByPlace = new Map<string, Extract<RecordedOutcome, { type: "end" }>[]>();
  readonly #nestedRequests = new Map<string, RecordedNestedRequest[]>();

  constructor(events: readonly RunEvent[]) {
    const [first] = events;
    if (first?.type !== "run-start") throw new UsageError("a recording must begin with its run-start event");
    this.events = events;
    this.runStart = first;
    const attempts = new Map<string, number>();
    for (const event of events) {
      switch (event.type) {
        case "model-call-start": {
          attempts.set(event.callId, event.attempt);
          const request = nestedRequestOf(event);
          if (request && event.nested) {
            const key = `${event.step}:${event.nested.toolCallId}`;
            const requests = this.#nestedRequests.get(key) ?? [];
            requests[event.nested.index] ??= request;
            this.#nestedRequests.set(key, requests);
          }
          break;
        }
        case "model-call-end":
        case "model-call-error": {
          const attempt = attempts.get(event.callId) ?? 0;
          const outcome =
            event.type === "model-call-end"
              ? { type: "end" as const, attempt, event }
              : { type: "error" as const, attempt, event };
          const place = placeKey(event);
          this.#outcomes.set(`${place}:${attempt}`, outcome);
          if (outcome.type === "end")
            this.#endsByPlace.set(place, [...(this.#endsByPlace.get(place) ?? []), outcome]);
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

  /** What the model call at this place and attempt came to, if the recording has it. */
  outcome(place: ModelCallPlace, attempt: number): RecordedOutcome | undefined {
    return this.#outcomes.get(`${placeKey(place)}:${attempt}`);
  }

  /** The answer that ended the model call at this place from this attempt on (retries share one lookup). */
  answerFrom(place: ModelCallPlace, attempt: number): EventOf<"model-call-end"> | undefined {
    return this.#endsByPlace.get(placeKey(place))?.find((end) => end.attempt >= attempt)?.event;
  }

  /** The nested model calls a tool call made, in order, as the tool asked for them. */
  nestedRequests(step: number, toolCallId: string): readonly RecordedNestedRequest[] {
    return this.#nestedRequests.get(`${step}:${toolCallId}`) ?? [];
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
    // By index, not over a copy of the rest: it is asked at every replayed tool call.
    for (let index = seq; index < this.events.length; index++) {
      const type = this.events[index]?.type;
      if (type === "run-kill") return true;
      if (type === "step-start") return false;
    }
    return false;
  }
}
