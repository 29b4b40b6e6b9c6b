import type { RunEvent } from "../../core/events/run-event.js";
import { compareEvent, type Divergence } from "./compare-events.js";
import { EqualPairs } from "./deep-difference.js";
import type { ModelCallPlace, Recording } from "./recording.js";

/**
 * Follows a replay as it emits events: where it is (the last sequence number, the model call in flight),
 * and the first event that departs from the recording. The replay backend and tools read the position to
 * know which recorded outcome to serve.
 */
export class ReplayCursor {
  readonly #recording: Recording;
  readonly #ignore: Set<string>;
  readonly #onDivergence: (divergence: Divergence) => void;
  #lastSeq = -1;
  #modelCall: (ModelCallPlace & { attempt: number }) | null = null;
  #divergence: Divergence | null = null;
  readonly #emitted: RunEvent[] = [];
  /** Messages found equal at earlier model calls, which each later call carries again. */
  readonly #known = new EqualPairs();

  constructor(options: {
    recording: Recording;
    /** Paths a deliberate change makes differ (compared as equal). */
    ignore?: ReadonlySet<string>;
    onDivergence: (divergence: Divergence) => void;
  }) {
    this.#recording = options.recording;
    this.#ignore = new Set(options.ignore);
    this.#onDivergence = options.onDivergence;
  }

  /** Compares `path` as equal from now on (a deliberate change, e.g. `options.model`). */
  ignorePath(path: string): void {
    this.#ignore.add(path);
  }

  get divergence(): Divergence | null {
    return this.#divergence;
  }

  /** The sequence number of the next event the replay will emit. */
  get nextSeq(): number {
    return this.#lastSeq + 1;
  }

  /** The model call whose `model-call-start` was emitted last. */
  get modelCall(): (ModelCallPlace & { attempt: number }) | null {
    return this.#modelCall;
  }

  get emitted(): readonly RunEvent[] {
    return this.#emitted;
  }

  /** Called for every event the replay emits (the runtime's `onEvent`). */
  observe(event: RunEvent): void {
    this.#emitted.push(event);
    this.#lastSeq = event.seq;
    if (event.type === "model-call-start")
      this.#modelCall = { step: event.step, attempt: event.attempt, nested: event.nested };
    if (this.#divergence !== null) return;
    const found = compareEvent({
      recorded: this.#recording.at(event.seq),
      replayed: event,
      index: event.seq,
      ignore: this.#ignore,
      known: this.#known,
    });
    if (found) this.#diverge(found);
  }

  /** Once the replay is over: a recording with events the replay never reached diverges there. */
  finish(): Divergence | null {
    if (this.#divergence === null && this.#recording.events.length > this.nextSeq)
      this.#diverge({
        index: this.nextSeq,
        type: this.#recording.at(this.nextSeq)?.type ?? "(none)",
        field: "type",
        recorded: this.#recording.at(this.nextSeq)?.type ?? null,
        replayed: null,
      });
    return this.#divergence;
  }

  #diverge(divergence: Divergence): void {
    this.#divergence = divergence;
    this.#onDivergence(divergence);
  }
}
