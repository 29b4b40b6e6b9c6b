#!/usr/bin/env node
/**
 * Time per governed step: whole runs of a scripted model that answers at once with one tool call per turn,
 * then an answer, so nearly all the time measured is AgentOne's own work around each model call (routing,
 * reservation, cache lookups, settlement, event writes, the tool call's governance) and the store's.
 *
 * It drives runs only through the published surface (`agentone` and `agentone/testing`, resolved to the
 * built `dist/`), so the same script measures the engine before and after a refactor of its internals.
 * Each run is deterministic (virtual clock, scripted answers); only the measuring uses the real clock.
 *
 * @example
 * ```sh
 * npm run bench:step                                  # build, then in-memory and on-disk PGlite
 * node --expose-gc scripts/bench-step.mjs --runs 10 --stores memory,pglite,postgres \
 *   --database-url postgresql://postgres@127.0.0.1:5432/test --json step-times.json
 * ```
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import {
  BackendRegistry,
  createRuntime,
  foldRunState,
  loadTokenCounter,
  ModelCatalog,
  openStore,
  startRun,
  VirtualClock,
} from "agentone";
import { createTestStore, ScriptedBackend, scriptedModels } from "agentone/testing";
import pg from "pg";
import { z } from "zod";

const usage = `usage: node --expose-gc scripts/bench-step.mjs [options]
  --steps <n>          model calls per run: one plan, n-2 tool turns, one answer (default 100)
  --runs <n>           measured runs per store (default 5)
  --warmup <n>         runs per store before measuring, not counted (default 2)
  --stores <list>      memory, pglite, postgres (default memory,pglite)
  --database-url <url> PostgreSQL for the postgres store (default $AGENTONE_BENCH_DATABASE_URL);
                       the script works in a private schema and drops it at the end
  --json <file>        also write the figures as JSON`;

const { values: options } = parseArgs({
  options: {
    steps: { type: "string", default: "100" },
    runs: { type: "string", default: "5" },
    warmup: { type: "string", default: "2" },
    stores: { type: "string", default: "memory,pglite" },
    "database-url": { type: "string", default: process.env.AGENTONE_BENCH_DATABASE_URL ?? "" },
    json: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (options.help) {
  console.log(usage);
  process.exit(0);
}

const steps = positiveInteger("steps", options.steps, 3);
const runs = positiveInteger("runs", options.runs, 1);
const warmup = positiveInteger("warmup", options.warmup, 0);
const storeKinds = options.stores.split(",").map((kind) => kind.trim());
for (const kind of storeKinds)
  if (!["memory", "pglite", "postgres"].includes(kind)) fail(`unknown store '${kind}'\n${usage}`);
if (storeKinds.includes("postgres") && options["database-url"] === "")
  fail("the postgres store needs --database-url or AGENTONE_BENCH_DATABASE_URL");

function positiveInteger(name, text, minimum) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum) fail(`--${name} must be an integer >= ${minimum}`);
  return value;
}

function fail(message) {
  console.error(message);
  process.exit(2);
}

/** A tool that does nothing, so a tool turn costs only its governance (validation, cache, events). */
const tickTool = {
  name: "tick",
  description: "Records one tick and answers at once.",
  inputSchema: z.object({ turn: z.number().int() }),
  idempotent: true,
  sideEffect: "none",
  requiresApproval: false,
  execute: async ({ turn }) => ({ content: `tick ${turn}` }),
};

/**
 * One plan, then a tool call per turn, then the answer: `steps` model calls. Each turn's arguments differ,
 * so every tool call runs (no tool-cache hit) and the model's requests never repeat.
 */
function scriptFor(stepCount) {
  const toolTurns = Array.from({ length: stepCount - 2 }, (_, index) => ({
    toolCalls: [{ name: "tick", arguments: { turn: index + 1 } }],
  }));
  return [{ text: "1. tick until done\n2. answer" }, ...toolTurns, { text: "done ticking" }];
}

/**
 * Counting ids under a tag unique to this process, so runs never collide in a store that outlives the
 * script (PostgreSQL) while every id keeps the same length.
 */
function taggedIds(tag) {
  const counters = new Map();
  return {
    next(prefix) {
      const count = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, count);
      return `${prefix}_${tag}${String(count).padStart(5, "0")}`;
    },
  };
}

const gc = globalThis.gc ?? (() => {});
const heapUsedMb = () => process.memoryUsage().heapUsed / 2 ** 20;

/**
 * Runs one scripted run to its answer and times it. The runtime is fresh per run (as a new script needs a
 * new backend); the store, ids and token counter are shared, as in a long-lived process.
 */
async function timeOneRun({ store, ids, tokenCounter, workspace, index }) {
  const clock = new VirtualClock();
  const backend = new ScriptedBackend({ clock, steps: scriptFor(steps) });
  const stepStarts = [];
  let peakHeapMb = heapUsedMb();
  const runtime = createRuntime({
    store,
    tokenCounter,
    clock,
    ids,
    backends: new BackendRegistry({ catalog: new ModelCatalog(scriptedModels()), backends: [backend] }),
    tools: [tickTool],
    onEvent: (event) => {
      if (event.type !== "step-start") return;
      stepStarts.push(performance.now());
      peakHeapMb = Math.max(peakHeapMb, heapUsedMb());
    },
  });
  const startedAt = performance.now();
  const result = await startRun(runtime, {
    // A goal of its own per run, so no run is answered from the model cache of an earlier one.
    goal: `Tick until done (run ${index})`,
    workspace,
    limits: { usd: 1000, steps: steps + 10, toolCalls: steps + 10, modelCalls: steps + 10 },
    // No scheduled replans: every step after the plan is a tool turn until the answer.
    policy: { replanEvery: 0 },
  });
  const endedAt = performance.now();
  backend.assertConsumed();
  const state = foldRunState(await store.readEvents(result.runId));
  if (result.status !== "completed" || state.usage.steps !== steps)
    throw new Error(
      `run ${result.runId} ended ${result.status} (${result.terminationReason}) after ${state.usage.steps} of ${steps} steps`,
    );
  const stepMs = stepStarts.map((start, step) => (stepStarts[step + 1] ?? endedAt) - start);
  // Measured after the clock stopped: how much the run's log takes, to show it grows linearly.
  const stored = await store.storageStats(result.runId);
  return { wallMs: endedAt - startedAt, stepCount: state.usage.steps, stepMs, peakHeapMb, stored };
}

async function openBenchStore(kind, home) {
  if (kind === "memory") return { store: await createTestStore(), dispose: async () => {} };
  if (kind === "pglite") return { store: await openStore({ home }), dispose: async () => {} };
  const schema = `agentone_bench_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: options["database-url"] });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const url = new URL(options["database-url"]);
  url.searchParams.set("options", `-c search_path=${schema}`);
  const store = await openStore({ home, databaseUrl: url.toString() });
  const dispose = async () => {
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  };
  return { store, dispose };
}

async function measureStore(kind, shared) {
  const home = await mkdtemp(join(tmpdir(), "agentone-bench-step-"));
  const { store, dispose } = await openBenchStore(kind, home);
  try {
    for (let index = 0; index < warmup; index++)
      await timeOneRun({ ...shared, store, workspace: home, index: `${kind}-warmup-${index}` });
    gc();
    const heapBeforeMb = heapUsedMb();
    const measured = [];
    for (let index = 0; index < runs; index++)
      measured.push(await timeOneRun({ ...shared, store, workspace: home, index: `${kind}-${index}` }));
    gc();
    return summarize(kind, measured, { heapBeforeMb, heapAfterMb: heapUsedMb() });
  } finally {
    await store.close();
    await dispose();
    await rm(home, { recursive: true, force: true });
  }
}

function percentile(sorted, fraction) {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(fraction * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
const ascending = (values) => [...values].sort((left, right) => left - right);

function summarize(kind, measured, heap) {
  const perRunMs = ascending(measured.map((run) => run.wallMs / run.stepCount));
  const stepMs = ascending(measured.flatMap((run) => run.stepMs));
  const totalSteps = measured.reduce((sum, run) => sum + run.stepCount, 0);
  const totalMs = measured.reduce((sum, run) => sum + run.wallMs, 0);
  return {
    store: kind,
    runs: measured.length,
    stepsPerRun: measured[0]?.stepCount ?? 0,
    msPerStep: { median: percentile(perRunMs, 0.5), mean: mean(perRunMs), p95: percentile(perRunMs, 0.95) },
    stepsPerSecond: (totalSteps * 1000) / totalMs,
    singleStepMs: { median: percentile(stepMs, 0.5), p95: percentile(stepMs, 0.95), max: stepMs.at(-1) },
    storedBytesPerStep: {
      events: mean(measured.map((run) => run.stored.eventBytes / run.stepCount)),
      payloads: mean(measured.map((run) => run.stored.payloadBytes / run.stepCount)),
    },
    heapMb: {
      beforeRuns: heap.heapBeforeMb,
      peakDuringRuns: Math.max(...measured.map((run) => run.peakHeapMb)),
      afterRuns: heap.heapAfterMb,
    },
  };
}

function printSummary(figures) {
  const fixed = (value, digits = 2) => value.toFixed(digits);
  console.log(
    `\n${figures.store}: ${figures.runs} runs of ${figures.stepsPerRun} steps (after ${warmup} warm-up runs)`,
  );
  console.log(
    `  ms per step (run wall time / steps): median ${fixed(figures.msPerStep.median)}, mean ${fixed(figures.msPerStep.mean)}, p95 ${fixed(figures.msPerStep.p95)}`,
  );
  console.log(`  steps per second: ${fixed(figures.stepsPerSecond, 1)}`);
  console.log(
    `  single steps (step-start to next step-start, ms): median ${fixed(figures.singleStepMs.median)}, p95 ${fixed(figures.singleStepMs.p95)}, max ${fixed(figures.singleStepMs.max)}`,
  );
  console.log(
    `  stored bytes per step (storageStats): ${fixed(figures.storedBytesPerStep.events, 0)} in event rows, ${fixed(figures.storedBytesPerStep.payloads, 0)} in payloads`,
  );
  console.log(
    `  heap used (MB): ${fixed(figures.heapMb.beforeRuns, 1)} before, ${fixed(figures.heapMb.peakDuringRuns, 1)} peak, ${fixed(figures.heapMb.afterRuns, 1)} after (after GC${globalThis.gc ? "" : " unavailable: run node with --expose-gc"})`,
  );
}

async function main() {
  const tokenCounter = await loadTokenCounter();
  const ids = taggedIds(Date.now().toString(36));
  console.log(
    `bench:step: ${steps} steps per run, ${runs} runs per store, ${warmup} warm-up; node ${process.version}, ${process.platform}-${process.arch}`,
  );
  const results = [];
  for (const kind of storeKinds) {
    const figures = await measureStore(kind, { ids, tokenCounter });
    printSummary(figures);
    results.push(figures);
  }
  if (options.json !== undefined) {
    const document = { steps, runs, warmup, node: process.version, measuredAt: new Date().toISOString() };
    await writeFile(options.json, `${JSON.stringify({ ...document, results }, null, 2)}\n`);
  }
}

await main();
