import type {
  ModelBackend,
  ModelRequest,
  ModelResponse,
  ModelStreamPart,
} from "../../backends/model-backend.js";
import { streamOfResponse } from "../../backends/stream/parts-of-response.js";
import type { Clock } from "../../core/clock/index.js";
import { ModelCallError, type ModelCallFailure } from "../../core/errors/index.js";
import type { Recording } from "./recording.js";
import type { ReplayCursor } from "./replay-cursor.js";

/** Counts what a replay served instead of calling anything. */
export interface ReplayCounters {
  /** Model calls answered from the recording. */
  modelCalls: number;
  /** Tool calls answered from the recording. */
  toolCalls: number;
}

/** Waits until the signal aborts (a kill or a deadline the recording says came first). */
function untilAborted(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (signal?.aborted) reject(signal.reason);
    signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

/**
 * A backend that calls nothing: it answers each model call with the recorded outcome of the call at the
 * same step and attempt (the engine emitted that call's `model-call-start` just before), after the time
 * the recorded call took on the replay's virtual clock. A recorded error is thrown again, with its kind
 * and retryability; a call the recording saw killed in flight is killed again. `stream` replays the same
 * outcome as deltas then `finish`.
 *
 * @example
 * ```ts
 * const backend = new ReplayBackend({ name: "simulated", recording, cursor, clock, counters, kill });
 * ```
 */
export class ReplayBackend implements ModelBackend {
  readonly name: string;
  readonly #recording: Recording;
  readonly #cursor: ReplayCursor;
  readonly #clock: Clock;
  readonly #counters: ReplayCounters;
  readonly #kill: () => void;

  constructor(options: {
    name: string;
    recording: Recording;
    cursor: ReplayCursor;
    clock: Clock;
    counters: ReplayCounters;
    /** Fires the replay's kill switch, as the recorded run's fired during this call. */
    kill: () => void;
  }) {
    this.name = options.name;
    this.#recording = options.recording;
    this.#cursor = options.cursor;
    this.#clock = options.clock;
    this.#counters = options.counters;
    this.#kill = options.kill;
  }

  stream(request: ModelRequest): AsyncIterable<ModelStreamPart> {
    return streamOfResponse(() => this.generate(request));
  }

  async generate(request: ModelRequest): Promise<ModelResponse> {
    const position = this.#cursor.modelCall;
    const outcome = position && this.#recording.outcome(position, position.attempt);
    if (!outcome || (outcome.type === "end" && outcome.event.cache?.status === "hit")) {
      if (this.#cursor.divergence === null && this.#recording.killedInStep(this.#cursor.nextSeq)) {
        // The recorded call never ended: the kill switch stopped it in flight.
        this.#kill();
        return untilAborted(request.signal);
      }
      throw new ModelCallError(
        "bad_request",
        `replay: the recording has no model call at step ${position?.step ?? "?"}${position?.nested ? ` (nested call ${position.nested.index} of ${position.nested.toolCallId})` : ""}, attempt ${position?.attempt ?? "?"}`,
        { retryable: false },
      );
    }
    this.#counters.modelCalls++;
    await this.#clock.sleep(outcome.event.latencyMs, request.signal);
    if (outcome.type === "error") {
      const recorded = outcome.event;
      throw new ModelCallError(recorded.failure as ModelCallFailure, recorded.message, {
        retryable: recorded.retryable,
        ...(recorded.retryAfterMs === undefined ? {} : { retryAfterMs: recorded.retryAfterMs }),
      });
    }
    const recorded = outcome.event;
    return {
      text: recorded.text,
      toolCalls: recorded.toolCalls,
      finishReason: recorded.finishReason as ModelResponse["finishReason"],
      usage: recorded.usage,
      // Replayed as recorded, so the replayed log marks the same calls as estimated.
      ...(recorded.usageEstimated ? { usageEstimated: true } : {}),
      modelVersion: recorded.modelVersion,
      warnings: recorded.warnings.map((warning) => ({ ...warning, type: "unsupported" as const })),
      provenance: recorded.provenance,
    };
  }
}
