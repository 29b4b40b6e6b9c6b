import type { EventOf } from "../../core/events/run-event.js";
import type { CachedModelAnswer } from "../model-cache/cached-answer.js";
import type { ModelConsultation, PlanConsultation, RunCaches } from "../model-cache/run-caches.js";
import type { Recording } from "./recording.js";

function answerOf(end: EventOf<"model-call-end">): CachedModelAnswer {
  return {
    model: end.model,
    modelVersion: end.modelVersion,
    backend: end.backend,
    text: end.text,
    toolCalls: end.toolCalls,
    finishReason: end.finishReason as CachedModelAnswer["finishReason"],
    usage: end.usage,
    costNanoUsd: end.costNanoUsd,
    latencyMs: end.latencyMs,
    warnings: end.warnings.map((warning) => ({ ...warning, type: "unsupported" as const })),
    provenance: end.provenance,
  };
}

/**
 * The caches as the recorded run found them: a call the recording served from the cache (or from a reused
 * plan) is served again, with the same hit record; every other call records what the recording did
 * (miss, bypass, or nothing for logs from before caching) and goes to the replay backend. Nothing is read
 * from or written to the store, so a replay neither depends on nor changes what is cached.
 *
 * @example
 * ```ts
 * const runtime = createRuntime({ ...options, caches: recordedCaches(recording) });
 * ```
 */
export function recordedCaches(recording: Recording): RunCaches {
  return {
    async consultPlan(lookup): Promise<PlanConsultation> {
      const outcome = recording.outcome(lookup, lookup.attempt);
      const end = outcome?.type === "end" ? outcome.event : undefined;
      if (end?.cache?.status === "hit" && end.cache.layer === "plan")
        return { hit: end.cache, plan: answerOf(end) };
      return { hit: null, storeKey: null };
    },
    async consultModel(lookup): Promise<ModelConsultation> {
      const outcome = recording.outcome(lookup, lookup.attempt);
      if (outcome?.type === "end" && outcome.event.cache?.status === "hit")
        return { hit: outcome.event.cache, answer: answerOf(outcome.event) };
      // Retries after a failed attempt share the first attempt's lookup: the record is the answer's.
      const answer = recording.answerFrom(lookup, lookup.attempt);
      const record = answer?.cache && answer.cache.status !== "hit" ? answer.cache : null;
      return { hit: null, record, storeKey: null };
    },
    toolStore: () => null,
    async rememberPlan() {},
    async rememberModel() {},
  };
}
