import { nanoToUsd } from "../budget/money.js";
import type { RunEvent } from "../core/events/run-event.js";

/** Turns answered without calling a model, what they saved, and how much input the providers' prompt caches served. */
export interface CacheReport {
  /** Model calls answered from the exact-match response cache. */
  modelHits: number;
  /** Plan steps that reused a plan written earlier for the same goal on the same workspace. */
  planReuses: number;
  /** Calls looked up and not found (their answers were stored afterwards). */
  misses: number;
  /** Calls not looked up (caching off, for the run, or a call that would not repeat itself). */
  bypassed: number;
  /** `http_request` GETs answered from the tool's HTTP cache with no request (fresh stored responses). */
  httpHits: number;
  /** `http_request` GETs answered from the tool's HTTP cache after the origin confirmed them (a 304). */
  httpRevalidations: number;
  /** What the original calls of the hits cost and took: money and time this run did not spend. */
  savedUsd: number;
  savedMs: number;
  savedTokens: number;
  hits: {
    step: number;
    layer: "model" | "plan";
    /** The model and backend that wrote the answer or plan (in its source run), and whether it was simulated. */
    model: string;
    backend: string;
    simulated: boolean;
    sourceRunId: string | null;
    sourceStep: number | null;
    savedUsd: number;
    savedMs: number;
  }[];
  /** Provider prompt caching: input tokens read from and written to the providers' caches. */
  prompt: { cachedInputTokens: number; cacheWriteTokens: number; inputTokens: number; cachedShare: number };
}

/** Counts an `http_request` result the tool's HTTP cache answered (its `metadata.cache`). */
function countHttpCache(report: CacheReport, event: RunEvent): void {
  if (event.type !== "tool-result" || event.tool !== "http_request") return;
  const cache = event.metadata?.cache;
  if (cache === "hit") report.httpHits++;
  else if (cache === "revalidated") report.httpRevalidations++;
}

/**
 * The cache section of the report, from the events alone: hits (with the run and step that paid for
 * them), what they saved, provider prompt-cache reads and writes, and the `http_request` GETs the tool's
 * HTTP cache answered.
 *
 * @example
 * ```ts
 * const cache = buildCacheReport(events);
 * console.log(cache.modelHits, cache.savedUsd);
 * ```
 */
export function buildCacheReport(events: readonly RunEvent[]): CacheReport {
  const report: CacheReport = {
    modelHits: 0,
    planReuses: 0,
    misses: 0,
    bypassed: 0,
    httpHits: 0,
    httpRevalidations: 0,
    savedUsd: 0,
    savedMs: 0,
    savedTokens: 0,
    hits: [],
    prompt: { cachedInputTokens: 0, cacheWriteTokens: 0, inputTokens: 0, cachedShare: 0 },
  };
  let savedNanoUsd = 0;
  for (const event of events) {
    countHttpCache(report, event);
    if (event.type !== "model-call-end") continue;
    const { usage } = event;
    report.prompt.cachedInputTokens += usage.cachedInputTokens;
    report.prompt.cacheWriteTokens += usage.cacheWriteTokens;
    report.prompt.inputTokens += usage.inputTokens + usage.cachedInputTokens + usage.cacheWriteTokens;
    const cache = event.cache;
    if (cache === undefined) continue;
    if (cache.status === "miss") report.misses++;
    else if (cache.status === "bypass") report.bypassed++;
    else {
      if (cache.layer === "plan") report.planReuses++;
      else report.modelHits++;
      savedNanoUsd += cache.savedNanoUsd;
      report.savedMs += cache.savedMs;
      report.savedTokens +=
        cache.savedUsage.inputTokens +
        cache.savedUsage.cachedInputTokens +
        cache.savedUsage.cacheWriteTokens +
        cache.savedUsage.outputTokens;
      report.hits.push({
        step: event.step,
        layer: cache.layer,
        model: event.model,
        backend: event.backend,
        simulated: event.backend === "simulated" || event.provenance.simulated === "true",
        sourceRunId: cache.sourceRunId,
        sourceStep: cache.sourceStep,
        savedUsd: nanoToUsd(cache.savedNanoUsd),
        savedMs: cache.savedMs,
      });
    }
  }
  report.savedUsd = nanoToUsd(savedNanoUsd);
  const { cachedInputTokens, inputTokens } = report.prompt;
  report.prompt.cachedShare = inputTokens === 0 ? 0 : cachedInputTokens / inputTokens;
  return report;
}

/** True for a `model-call-end` that no model produced for this run (a cache hit or a reused plan). */
export function isCachedTurn(event: RunEvent): boolean {
  return event.type === "model-call-end" && event.cache?.status === "hit";
}
