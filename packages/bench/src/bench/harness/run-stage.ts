import type { IdGenerator, RunReport, RunResult, RunTask, Store, TokenCounter } from "agentone";
import { buildReport, createRuntime, startRun } from "agentone";
import type { PolicyRunFields } from "../policies/index.js";
import type { RunModels } from "./bench-backend.js";
import { benchApprovals, createBenchTools } from "./bench-tools.js";
import type { ServiceAddress } from "./service-alias.js";

/** One run of the agent on a prepared task: its result, its report, and every model call's latency. */
export interface StageResult {
  result: RunResult;
  report: RunReport;
  /** Latency of every model call, failed attempts included (as the report's distribution counts them). */
  modelCallLatencies: number[];
}

/**
 * Runs the agent once: a runtime over the run's own models, clock and store, the bench's tools, and the
 * policy's RunTask fields; then the report, from the stored events.
 *
 * @example
 * ```ts
 * const stage = await runStage({ models, store, ids: createSequentialIdGenerator(), tokenCounter,
 *   task: { goal: prepared.goal, workspace: prepared.workspace, seed: 1 }, fields: { quality: "balanced" } });
 * stage.report.usage.usd;
 * ```
 */
export async function runStage(options: {
  models: RunModels;
  store: Store;
  /** Run ids: unique within the store. */
  ids: IdGenerator;
  tokenCounter: TokenCounter;
  task: Pick<RunTask, "goal" | "workspace" | "seed">;
  fields: PolicyRunFields;
  /** The task's service, by alias and live address. */
  service?: ServiceAddress;
  /** Whose cache entries the run reads and writes: one unit never reads another's. */
  cacheTenant: string;
}): Promise<StageResult> {
  const { models, store, tokenCounter } = options;
  const runtime = createRuntime({
    store,
    tokenCounter,
    clock: models.clock,
    ids: options.ids,
    backends: models.registry,
    tools: createBenchTools({ tokenCounter, ...(options.service ? { service: options.service } : {}) }),
    approvals: benchApprovals(),
    cache: { tenant: options.cacheTenant },
  });
  // Runs whose policy says nothing about caching keep the runtime's tool cache (within the run) but do not
  // answer from earlier runs' model calls: the caching ablation measures that on its own.
  const task: RunTask = { cache: { models: false }, ...options.fields, ...options.task };
  const result = await startRun(runtime, task);
  const events = await store.readEvents(result.runId);
  const modelCallLatencies = events.flatMap((event) =>
    event.type === "model-call-end" || event.type === "model-call-error" ? [event.latencyMs] : [],
  );
  return { result, report: buildReport(events), modelCallLatencies };
}
