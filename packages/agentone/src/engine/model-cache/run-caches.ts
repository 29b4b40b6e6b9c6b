import type { ModelCacheKeyInput } from "../../cache/model-cache-key.js";
import type { DeferredCacheWrite } from "../../cache/tiered-cache.js";
import type { NestedCall } from "../../core/events/payload-schemas.js";
import type { EventOf } from "../../core/events/run-event.js";
import type { ToolCacheStore } from "../../tools/tool.js";
import type { CachedModelAnswer, CachedPlan } from "./cached-answer.js";

/** Takes a cache entry to write to a store later, with other writes (see `TieredCachePutOptions.write`). */
export type CacheEntryWriter = DeferredCacheWrite;

/** What a `model-call-end` records about the cache (see `cacheRecordSchema`). */
export type CacheRecord = NonNullable<EventOf<"model-call-end">["cache"]>;
export type CacheHitRecord = Extract<CacheRecord, { status: "hit" }>;

/** Where in a run a lookup happens: replay answers by this position, the live caches ignore it. */
export interface CallPosition {
  runId: string;
  step: number;
  attempt: number;
  /** Set for a call a tool made: which of that tool call's nested calls it is. */
  nested?: NestedCall;
}

export interface ModelLookup extends CallPosition {
  /** False when the run turned model caching off (`cache.models: false`). */
  runAllows: boolean;
  /** Everything the model receives; the key is computed from it. */
  request: ModelCacheKeyInput;
  /**
   * The key of `request` when the caller remembers what it encoded for earlier calls (a run's
   * `ModelCacheKeyer`): equal to `modelCacheKey(request)`, computed only when the lookup needs it.
   */
  requestKey?: () => string;
  /** Whether the model repeats itself for a fixed seed (its catalog capability). */
  honoursSeed: boolean;
}

/**
 * A lookup's outcome: an answer to serve (with its hit record), or the record of a call the model must
 * answer (`record` null: write no cache field, as logs from before caching have none) and the key to store
 * its answer under (null: do not store it).
 */
export type ModelConsultation =
  | { hit: CacheHitRecord; answer: CachedModelAnswer }
  | { hit: null; record: Exclude<CacheRecord, { status: "hit" }> | null; storeKey: string | null };

export interface PlanLookup extends CallPosition {
  runAllows: boolean;
  request: ModelCacheKeyInput;
  honoursSeed: boolean;
  goal: string;
  /** The workspace root; its contents are part of the key. */
  workspace: string;
  /** The tools the run offers: a plan written for other tools may name ones that are not there. */
  toolNames: readonly string[];
}

export type PlanConsultation =
  | { hit: CacheHitRecord; plan: CachedPlan }
  | { hit: null; storeKey: string | null };

/**
 * The caches a run consults before a model call: plan reuse (for a run's first plan step) and the exact
 * response cache. The live implementation reads and writes the store; replay answers from the recording.
 */
export interface RunCaches {
  consultPlan(lookup: PlanLookup): Promise<PlanConsultation>;
  consultModel(lookup: ModelLookup): Promise<ModelConsultation>;
  /** Remembers a plan; `write` takes the store's entry to write with the run's next commit (see `rememberModel`). */
  rememberPlan(
    entry: { key: string; plan: CachedPlan; runId: string; step: number },
    write?: CacheEntryWriter,
  ): Promise<void>;
  /**
   * The store a tool caches in by its own rules (`ToolContext.cache`), scoped to this tenant and the tool;
   * null when caching is off. Replay offers none: its tools serve what was recorded.
   */
  toolStore(tool: string): ToolCacheStore | null;
  /**
   * Remembers an answer: at once in memory, and in the store either now or, given `write` for the caches'
   * own store, by handing the store's entry to it (a run writes it with the step's events, in one
   * statement).
   */
  rememberModel(
    entry: {
      key: string;
      answer: CachedModelAnswer;
      runId: string;
      step: number;
    },
    write?: CacheEntryWriter,
  ): Promise<void>;
}
