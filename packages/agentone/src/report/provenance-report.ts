import { nanoToUsd } from "../budget/money.js";
import type { RunEvent } from "../core/events/run-event.js";
import { foldRunState } from "../core/run-state/fold-run-state.js";

/** Where everything in a run came from: models (and their exact versions and endpoints), tools, caches, parentage. */
export interface ProvenanceReport {
  parentRunId: string | null;
  forkedFrom: { runId: string; step: number; inheritedEvents: number } | null;
  /** What the inherited steps of a fork cost its parent (included in this run's totals, not paid again). */
  inheritedUsd: number;
  seed: number;
  temperature: number;
  models: {
    model: string;
    backend: string;
    versions: string[];
    /** Where the calls went (wire backends); empty for in-process ones. */
    baseUrls: string[];
    simulated: boolean;
    /** Calls the model answered for this run. */
    calls: number;
    /** Turns answered from the cache with an answer this model gave (in this run or another). */
    cachedAnswers: number;
  }[];
  tools: { tool: string; calls: number; errors: number; cacheHits: number }[];
  /** Every turn answered from the cache, with the run and step that paid for it. */
  cacheHits: {
    step: number;
    layer: "model" | "plan";
    sourceRunId: string | null;
    sourceStep: number | null;
  }[];
}

type ModelEntry = ProvenanceReport["models"][number];

/**
 * The provenance section of the report, from the events alone.
 *
 * @example
 * ```ts
 * const provenance = buildProvenanceReport(events);
 * provenance.models.map((model) => `${model.model} ${model.versions.join(",")}`);
 * ```
 */
export function buildProvenanceReport(events: readonly RunEvent[]): ProvenanceReport {
  const state = foldRunState(events);
  const start = events[0]?.type === "run-start" ? events[0] : undefined;
  const models = new Map<string, ModelEntry>();
  const tools = new Map<string, ProvenanceReport["tools"][number]>();
  const cacheHits: ProvenanceReport["cacheHits"] = [];
  const inheritedEvents = start?.forkedFrom?.inheritedEvents ?? 0;
  let inheritedNanoUsd = 0;
  for (const event of events) {
    if (event.seq <= inheritedEvents && event.type === "budget-settle")
      inheritedNanoUsd += event.actual.nanoUsd ?? 0;
    if (event.type === "model-call-end") {
      const key = `${event.backend}/${event.model}`;
      const entry = models.get(key) ?? {
        model: event.model,
        backend: event.backend,
        versions: [],
        baseUrls: [],
        simulated: false,
        calls: 0,
        cachedAnswers: 0,
      };
      if (!entry.versions.includes(event.modelVersion)) entry.versions.push(event.modelVersion);
      const baseUrl = event.provenance.baseUrl;
      if (baseUrl && !entry.baseUrls.includes(baseUrl)) entry.baseUrls.push(baseUrl);
      if (event.backend === "simulated" || event.provenance.simulated === "true") entry.simulated = true;
      if (event.cache?.status === "hit") {
        entry.cachedAnswers++;
        cacheHits.push({
          step: event.step,
          layer: event.cache.layer,
          sourceRunId: event.cache.sourceRunId,
          sourceStep: event.cache.sourceStep,
        });
      } else entry.calls++;
      models.set(key, entry);
    } else if (event.type === "tool-result") {
      const entry = tools.get(event.tool) ?? { tool: event.tool, calls: 0, errors: 0, cacheHits: 0 };
      entry.calls++;
      if (event.isError) entry.errors++;
      if (event.metadata?.cache === "hit") entry.cacheHits++;
      tools.set(event.tool, entry);
    }
  }
  return {
    parentRunId: state.parentRunId,
    forkedFrom: start?.forkedFrom ?? null,
    inheritedUsd: nanoToUsd(inheritedNanoUsd),
    seed: state.options.seed,
    temperature: state.options.temperature,
    models: [...models.values()],
    tools: [...tools.values()].sort((left, right) => left.tool.localeCompare(right.tool)),
    cacheHits,
  };
}
