import { nanoToUsd } from "../budget/money.js";
import type { RunEvent } from "../core/events/run-event.js";
import { activeElapsedMs, foldRunState } from "../core/run-state/fold-run-state.js";
import { buildCacheReport } from "./cache-report.js";
import { distributionOf } from "./percentiles.js";
import { buildProvenanceReport } from "./provenance-report.js";
import type { RunReport } from "./run-report.js";

function groupDistributions(samples: { key: string; value: number }[]) {
  const groups = new Map<string, number[]>();
  for (const { key, value } of samples) groups.set(key, [...(groups.get(key) ?? []), value]);
  return Object.fromEntries([...groups].map(([key, values]) => [key, distributionOf(values)]));
}

/**
 * Builds the run report from the run's events: cost by model and by step kind, tokens, tool calls,
 * retries, latency distributions, the routing decisions with their reasons, the outcome, what the caches
 * served and saved, and the provenance of models, tools and cached answers.
 *
 * @example
 * ```ts
 * const report = buildReport(await store.readEvents(runId));
 * console.log(report.usage.usd, report.latency.modelCalls.p90);
 * ```
 */
export function buildReport(events: readonly RunEvent[]): RunReport {
  const state = foldRunState(events);
  const stepKind = new Map<number, string>();
  const byModel = new Map<string, RunReport["costByModel"][number]>();
  const byKind = new Map<string, RunReport["costByStepKind"][number]>();
  const tools = new Map<string, { tool: string; calls: number; errors: number }>();
  const modelLatency: { key: string; value: number }[] = [];
  const stepLatency: { key: string; value: number }[] = [];
  const report: Pick<
    RunReport,
    | "decisions"
    | "budgetWarnings"
    | "budgetExceeded"
    | "usageAnomalies"
    | "retries"
    | "artifacts"
    | "downgrades"
    | "sla"
    | "circuits"
  > = {
    decisions: [],
    budgetWarnings: [],
    budgetExceeded: [],
    usageAnomalies: [],
    retries: { total: 0, paths: [] },
    downgrades: [],
    sla: { steps: 0, met: 0, missed: 0, violationsPrevented: 0, outcomes: [] },
    circuits: [],
    artifacts: { changedFiles: [], diff: "" },
  };
  const tokens = {
    inputTokens: 0,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
  };
  let simulated = false;
  // Which model and step kind each model-call reservation paid for, to cost its settlement.
  const callOf = new Map<string, { model: string; backend: string; kind: string }>();
  let openReservation: string | null = null;
  // The latest failed attempt per step, waiting for what follows it (a retry or a fallback).
  const lastFailure = new Map<
    string,
    { attempt: number; model: string; error: string; chargedUsd?: number }
  >();
  // The model each place is on (its step's decision, a fallback's, the latest call's): an attempt that
  // left no model-call event (an open circuit refused it) still ran on a model, and the report names it.
  const currentModel = new Map<string, string>();
  const attempts = new Map<string, number>();
  // An attempt an open circuit refused left no model-call event: its number is known only from the retry.
  const failedAttempt = (place: string, reason: string, attempt = 0) =>
    lastFailure.get(place) ?? { attempt, model: "", error: reason };
  // Retries of a tool's nested call are its own, not the step's call's (they may even interleave).
  const placeOf = (event: { step: number; nested?: { toolCallId: string; index: number } }) =>
    event.nested ? `${event.step}:${event.nested.toolCallId}#${event.nested.index}` : `${event.step}`;
  // A tool's nested calls are costed apart from the step kind that ran the tool.
  const kindOf = (event: { step: number; nested?: { tool: string } }) =>
    event.nested ? `nested:${event.nested.tool}` : (stepKind.get(event.step) ?? "unknown");
  const modelEntry = (event: { model: string; backend: string }) => {
    const entry = byModel.get(event.model) ?? {
      model: event.model,
      backend: event.backend,
      modelVersions: [],
      calls: 0,
      inputTokens: 0,
      cachedInputTokens: 0,
      outputTokens: 0,
      usd: 0,
    };
    byModel.set(event.model, entry);
    return entry;
  };
  const kindEntry = (kind: string) => {
    const entry = byKind.get(kind) ?? { kind, steps: 0, modelCalls: 0, usd: 0, totalTokens: 0 };
    byKind.set(kind, entry);
    return entry;
  };
  for (const event of events) {
    switch (event.type) {
      case "step-start":
        currentModel.set(`${event.step}`, event.decision.model);
        stepKind.set(event.step, event.kind);
        kindEntry(event.kind).steps++;
        report.decisions.push({
          step: event.step,
          kind: event.kind,
          model: event.decision.model,
          tier: event.decision.tier,
          reason: event.decision.reason,
          explanation: event.decision.explanation,
          maxOutputTokens: event.decision.maxOutputTokens,
        });
        if (event.decision.downgraded && event.decision.preferredModel && event.decision.preferredTier)
          report.downgrades.push({
            step: event.step,
            kind: event.kind,
            preferredModel: event.decision.preferredModel,
            preferredTier: event.decision.preferredTier,
            model: event.decision.model,
            tier: event.decision.tier,
            reason: event.decision.reason,
          });
        if (event.decision.slaViolationPrevented) report.sla.violationsPrevented++;
        break;
      case "budget-reserve":
        if (event.purpose === "model-call") openReservation = event.reservationId;
        break;
      case "model-call-start":
        attempts.set(event.callId, event.attempt);
        // The reservation just made is this call's (a cache hit reserves nothing, and takes none).
        if (openReservation !== null) {
          callOf.set(openReservation, { model: event.model, backend: event.backend, kind: kindOf(event) });
          openReservation = null;
        }
        currentModel.set(placeOf(event), event.model);
        break;
      case "budget-settle": {
        for (const anomaly of event.anomalies ?? [])
          report.usageAnomalies.push({ step: event.step, model: "", ...anomaly });
        // Every call the budget counted is costed here, from its settlement, whatever came of it: an
        // answer, an error that was billed (a stream cut midway), or a call a kill or deadline abandoned.
        // So each row adds up to the run's totals; the answer's own event only splits the input tokens.
        const call = callOf.get(event.reservationId);
        if (call === undefined) break;
        const { nanoUsd = 0, inputTokens = 0, outputTokens = 0, modelCalls = 0 } = event.actual;
        const usd = nanoToUsd(nanoUsd);
        const model = modelEntry(call);
        model.calls += modelCalls;
        model.inputTokens += inputTokens;
        model.outputTokens += outputTokens;
        model.usd += usd;
        const entry = kindEntry(call.kind);
        entry.modelCalls += modelCalls;
        entry.usd += usd;
        entry.totalTokens += inputTokens + outputTokens;
        tokens.inputTokens += inputTokens;
        tokens.outputTokens += outputTokens;
        break;
      }
      case "model-call-end": {
        // The settlement comes just before its call's end, which names the model.
        for (const anomaly of report.usageAnomalies)
          if (anomaly.model === "" && anomaly.step === event.step) anomaly.model = event.model;
        if (event.backend === "simulated" || event.provenance.simulated === "true") simulated = true;
        // A turn answered from the cache was no call: it is counted in the cache section, not here.
        if (event.cache?.status === "hit") break;
        // The settlement counted all the call's input as plain input: move the cached part to its column.
        const model = modelEntry(event);
        model.inputTokens -= event.usage.cachedInputTokens;
        model.cachedInputTokens += event.usage.cachedInputTokens;
        if (event.usageEstimated) model.estimatedUsageCalls = (model.estimatedUsageCalls ?? 0) + 1;
        if (!model.modelVersions.includes(event.modelVersion)) model.modelVersions.push(event.modelVersion);
        tokens.inputTokens -= event.usage.cachedInputTokens + event.usage.cacheWriteTokens;
        tokens.cachedInputTokens += event.usage.cachedInputTokens;
        tokens.cacheWriteTokens += event.usage.cacheWriteTokens;
        tokens.reasoningTokens += event.usage.reasoningTokens;
        modelLatency.push({ key: kindOf(event), value: event.latencyMs });
        break;
      }
      case "model-call-error":
        lastFailure.set(placeOf(event), {
          attempt: attempts.get(event.callId) ?? 0,
          model: event.model,
          error: event.failure,
          ...(event.costNanoUsd ? { chargedUsd: nanoToUsd(event.costNanoUsd) } : {}),
        });
        modelLatency.push({ key: kindOf(event), value: event.latencyMs });
        break;
      case "retry-schedule": {
        report.retries.total++;
        const failed = failedAttempt(placeOf(event), event.reason, event.attempt - 1);
        report.retries.paths.push({
          step: event.step,
          attempt: failed.attempt,
          model: failed.model || event.model || currentModel.get(placeOf(event)) || "",
          error: failed.error,
          waitMs: event.waitMs,
          fallbackTo: null,
          // How the retry differs from the failed attempt, when it must (a model_output failure).
          reason: event.reason === failed.error ? null : event.reason,
          ...(failed.chargedUsd === undefined ? {} : { chargedUsd: failed.chargedUsd }),
        });
        lastFailure.delete(placeOf(event));
        break;
      }
      case "fallback-select": {
        report.retries.total++;
        const failed = failedAttempt(placeOf(event), event.failure);
        report.retries.paths.push({
          step: event.step,
          attempt: failed.attempt,
          model: failed.model || event.fromModel,
          error: failed.error,
          waitMs: 0,
          fallbackTo: event.decision.model,
          reason: event.decision.reason,
          ...(failed.chargedUsd === undefined ? {} : { chargedUsd: failed.chargedUsd }),
        });
        currentModel.set(placeOf(event), event.decision.model);
        lastFailure.delete(placeOf(event));
        break;
      }
      case "circuit-transition":
        report.circuits.push({ backend: event.backend, from: event.from, to: event.to, at: event.at });
        break;
      case "tool-result": {
        const entry = tools.get(event.tool) ?? { tool: event.tool, calls: 0, errors: 0 };
        entry.calls++;
        if (event.isError) entry.errors++;
        tools.set(event.tool, entry);
        break;
      }
      case "step-end":
        stepLatency.push({ key: event.kind, value: event.durationMs });
        if (event.sla) {
          report.sla.steps++;
          if (event.sla.met) report.sla.met++;
          else report.sla.missed++;
          report.sla.outcomes.push({ step: event.step, kind: event.kind, ...event.sla });
        }
        break;
      case "budget-warning":
        report.budgetWarnings.push({ dimension: event.dimension, fractionUsed: event.fractionUsed });
        break;
      case "budget-exceeded":
        report.budgetExceeded.push({
          dimension: event.dimension,
          scope: event.scope,
          spent: event.spent,
          limit: event.limit,
        });
        break;
      case "run-end":
        report.artifacts = event.artifacts;
        break;
      default:
        break;
    }
  }
  const byTool = [...tools.values()].sort((left, right) => left.tool.localeCompare(right.tool));
  const last = events[events.length - 1];
  return {
    reportVersion: 1,
    runId: state.runId,
    goal: state.goal,
    workspace: state.workspace,
    status: state.status,
    outcome: state.outcome,
    partial: state.outcome === "partial" || state.status === "awaiting_input",
    // A run waiting for input stopped for a reason too (the budget that ran out): it names what to add.
    terminationReason:
      state.terminationReason ?? (state.status === "awaiting_input" ? state.waitReason : null),
    answer: state.answer,
    simulated,
    startedAt: state.createdAt,
    endedAt: last?.at ?? state.createdAt,
    wallClockMs: activeElapsedMs(state, last?.at ?? state.createdAt),
    limits: state.limits,
    usage: {
      usd: nanoToUsd(state.usage.nanoUsd),
      ...tokens,
      totalTokens: state.usage.inputTokens + state.usage.outputTokens,
      toolCalls: state.usage.toolCalls,
      modelCalls: state.usage.modelCalls,
      steps: state.usage.steps,
      retries: state.usage.retries,
    },
    costByModel: [...byModel.values()].sort(
      (left, right) => right.usd - left.usd || left.model.localeCompare(right.model),
    ),
    costByStepKind: [...byKind.values()],
    toolCalls: {
      total: byTool.reduce((sum, entry) => sum + entry.calls, 0),
      errors: byTool.reduce((sum, entry) => sum + entry.errors, 0),
      byTool,
    },
    latency: {
      modelCalls: distributionOf(modelLatency.map((sample) => sample.value)),
      modelCallsByStepKind: groupDistributions(modelLatency),
      steps: distributionOf(stepLatency.map((sample) => sample.value)),
      stepsByKind: groupDistributions(stepLatency),
    },
    cache: buildCacheReport(events),
    provenance: buildProvenanceReport(events),
    ...report,
  };
}
