import { type CacheSettings, resolveCacheSettings } from "../../cache/cache-settings.js";
import { isDeterministicEnough, modelCacheKey } from "../../cache/model-cache-key.js";
import { type CacheStore, TieredCache } from "../../cache/tiered-cache.js";
import type { Clock } from "../../core/clock/index.js";
import type { ToolCacheStore } from "../../tools/tool.js";
import { workspaceFingerprint } from "../../tools/workspace/workspace-version.js";
import {
  type CachedModelAnswer,
  type CachedPlan,
  cachedModelAnswerSchema,
  cachedPlanSchema,
} from "./cached-answer.js";
import { planCacheKey } from "./plan-cache-key.js";
import type {
  CacheRecord,
  ModelConsultation,
  ModelLookup,
  PlanConsultation,
  PlanLookup,
  RunCaches,
} from "./run-caches.js";

type BypassReason = Extract<CacheRecord, { status: "bypass" }>["reason"];

function bypassReason(settings: CacheSettings, lookup: ModelLookup | PlanLookup): BypassReason | null {
  if (!settings.enabled) return "disabled";
  if (!lookup.runAllows) return "run_disabled";
  const { temperature, seed } = lookup.request;
  const deterministic = isDeterministicEnough({
    mode: settings.mode,
    ...(temperature === undefined ? {} : { temperature }),
    ...(seed === undefined || !lookup.honoursSeed ? {} : { seed }),
  });
  return deterministic ? null : "nondeterministic";
}

function hitRecord(input: {
  layer: "model" | "plan";
  key: string;
  value: CachedModelAnswer | CachedPlan;
  sourceRunId: string | null;
  sourceStep: number | null;
}) {
  return {
    status: "hit" as const,
    layer: input.layer,
    key: input.key,
    sourceRunId: input.sourceRunId,
    sourceStep: input.sourceStep,
    savedNanoUsd: input.value.costNanoUsd,
    savedMs: input.value.latencyMs,
    savedUsage: input.value.usage,
  };
}

/** One tool's view of the tool namespace: its keys are prefixed with its name, so tools never collide. */
function toolStoreOf(cache: TieredCache<unknown>, tool: string): ToolCacheStore {
  return {
    get: async (key) => (await cache.get(`${tool}\n${key}`))?.value,
    put: (key, value, { ttlMs }) => cache.put(`${tool}\n${key}`, value, { ttlMs }),
  };
}

/**
 * The live caches: model answers, plans and what tools cache by their own rules (`http_request`'s GETs)
 * in the store's cache table (namespaces `model`, `plan` and `tool`, scoped by tenant, with a time to
 * live), each behind an in-memory LRU. Store failures are absorbed: a
 * read becomes a miss, a write stays in memory, and the run goes on.
 *
 * @example
 * ```ts
 * const caches = createStoreCaches({ store, clock, settings: { tenant: "team-a" } });
 * ```
 */
export function createStoreCaches(options: {
  store: CacheStore;
  clock: Clock;
  settings?: Partial<CacheSettings>;
}): RunCaches {
  const settings = resolveCacheSettings(options.settings);
  const now = () => options.clock.now();
  const models = new TieredCache<CachedModelAnswer>({
    store: options.store,
    namespace: "model",
    tenant: settings.tenant,
    now,
    parseValue: (value) => cachedModelAnswerSchema.parse(value),
  });
  const plans = new TieredCache<CachedPlan>({
    store: options.store,
    namespace: "plan",
    tenant: settings.tenant,
    now,
    parseValue: (value) => cachedPlanSchema.parse(value),
  });
  const tools = new TieredCache<unknown>({
    store: options.store,
    namespace: "tool",
    tenant: settings.tenant,
    now,
  });
  return {
    toolStore: (tool) => (settings.enabled ? toolStoreOf(tools, tool) : null),
    async consultModel(lookup): Promise<ModelConsultation> {
      const reason = bypassReason(settings, lookup);
      if (reason !== null)
        return { hit: null, record: { status: "bypass", layer: "model", reason }, storeKey: null };
      const key = lookup.requestKey?.() ?? modelCacheKey(lookup.request);
      const found = await models.get(key);
      if (found === undefined)
        return { hit: null, record: { status: "miss", layer: "model", key }, storeKey: key };
      return { hit: hitRecord({ layer: "model", key, ...found }), answer: found.value };
    },
    async consultPlan(lookup): Promise<PlanConsultation> {
      if (bypassReason(settings, lookup) !== null) return { hit: null, storeKey: null };
      let key: string;
      try {
        const fingerprint = await workspaceFingerprint({ root: lookup.workspace });
        key = planCacheKey({
          goal: lookup.goal,
          workspaceFingerprint: fingerprint,
          toolNames: lookup.toolNames,
          model: lookup.request.model,
          backend: lookup.request.backend ?? "",
        });
      } catch {
        // A workspace that cannot be fingerprinted (unreadable files) just gets no plan reuse.
        return { hit: null, storeKey: null };
      }
      const found = await plans.get(key);
      if (found === undefined) return { hit: null, storeKey: key };
      return { hit: hitRecord({ layer: "plan", key, ...found }), plan: found.value };
    },
    async rememberModel(entry, write) {
      await models.put(entry.key, entry.answer, {
        ttlMs: settings.ttlMs,
        sourceRunId: entry.runId,
        sourceStep: entry.step,
        ...(write === undefined ? {} : { write }),
      });
    },
    async rememberPlan(entry, write) {
      await plans.put(entry.key, entry.plan, {
        ttlMs: settings.ttlMs,
        sourceRunId: entry.runId,
        sourceStep: entry.step,
        ...(write === undefined ? {} : { write }),
      });
    },
  };
}
