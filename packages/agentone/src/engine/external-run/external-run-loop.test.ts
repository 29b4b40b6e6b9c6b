import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { externalRuntime } from "../../../test/support/external-runtime.js";
import { usdToNano } from "../../budget/money.js";
import type { BudgetLimits } from "../../core/budget-limits.js";
import { foldRunState } from "../../core/run-state/fold-run-state.js";
import { buildReport } from "../../report/build-report.js";
import { openStore } from "../../store/open-store.js";
import { PostgresExecutor } from "../../store/postgres/postgres-executor.js";
import { migrate } from "../../store/sql/migrate.js";
import { SqlStore } from "../../store/sql/sql-store.js";
import type { Store } from "../../store/store.js";
import { createTestStore } from "../../testing/test-store.js";
import { createExternalRun } from "./create-external-run.js";
import { decideExternalStep } from "./decide-external-step.js";
import type { ExternalDecision } from "./external-decision.js";
import { finishExternalRun } from "./finish-external-run.js";
import { settleExternalUsage } from "./settle-external-usage.js";

const homes: string[] = [];
const databaseUrl = process.env.AGENTONE_TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
// A private schema keeps this file's tables apart from other test files; dropped at the end.
const schema = `agentone_external_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
let schemaCreated = false;

async function administer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}

const postgresReachable = await administer("select 1").then(
  () => true,
  () => Boolean(process.env.CI),
);

afterAll(async () => {
  for (const home of homes) await rm(home, { recursive: true, force: true });
  if (schemaCreated) await administer(`drop schema if exists ${schema} cascade`);
});

/**
 * The stores the loop runs on: the in-memory test store, the embedded PGlite store on disk, and the
 * PostgreSQL server when one is reachable (where each request's claim on the run is an advisory lock).
 */
const stores: [string, () => Promise<Store>][] = [
  ["the in-memory test store", () => createTestStore()],
  [
    "PGlite on disk",
    async () => {
      const home = await mkdtemp(join(tmpdir(), "agentone-external-"));
      homes.push(home);
      return openStore({ home });
    },
  ],
  ...(postgresReachable
    ? [
        [
          "PostgreSQL",
          async () => {
            await administer(`create schema ${schema}`);
            schemaCreated = true;
            const executor = new PostgresExecutor({ connectionString: databaseUrl, searchPath: schema });
            await migrate(executor);
            return new SqlStore(executor);
          },
        ] as [string, () => Promise<Store>],
      ]
    : []),
];

/**
 * A caller's 20-step loop: before each step it asks for a decision, "calls the model" with 1,000 input
 * tokens and `outputOf(maxOutputTokens)` output tokens, and reports that usage. It stops at the first
 * refusal.
 */
async function runLoop(
  runtime: Awaited<ReturnType<typeof externalRuntime>>,
  runId: string,
  outputOf: (maxOutputTokens: number) => number,
) {
  const allowed: ExternalDecision[] = [];
  for (let step = 1; step <= 20; step++) {
    const decision = await decideExternalStep(runtime, runId, {
      stepKind: "act",
      estimatedInputTokens: 1000,
      maxOutputTokens: 500,
    });
    if (!decision.allowed) return { allowed, refusal: decision };
    allowed.push(decision);
    await runtime.clock.advance(300);
    await settleExternalUsage(runtime, runId, {
      reservationId: decision.reservationId as string,
      usage: { inputTokens: 1000, outputTokens: outputOf(decision.maxOutputTokens) },
      latencyMs: 300,
    });
  }
  return { allowed, refusal: null };
}

describe.each(stores)("a 20-step external loop on %s", (_name, openTestStore) => {
  // One store for the file's runs (each run is its own log): opening a store is the slow part.
  // One runtime too: its sequential ids name the runs apart.
  let store: Store;
  let runtime: Awaited<ReturnType<typeof externalRuntime>>;
  beforeAll(async () => {
    store = await openTestStore();
    runtime = await externalRuntime({ store });
  });
  afterAll(async () => {
    await store?.close();
  });

  it("is stopped exactly at its dollar budget", async () => {
    {
      const limits: BudgetLimits = { usd: 0.05 };
      const runId = await createExternalRun(runtime, {
        goal: "answer tickets",
        workspace: ".",
        limits,
        onExhaust: ["hard-stop"],
      });
      // Each full step costs 1,000 × $2/M + 400 × $8/M = $0.0052; its worst case (500 output) $0.006.
      const { allowed, refusal } = await runLoop(runtime, runId, (max) => Math.min(400, max));
      // Nine full steps ($0.0468) leave $0.0032: the tenth is clamped to 150 output tokens, which is
      // exactly what is left ($0.002 input + $0.0012 output); then nothing fits.
      expect(allowed).toHaveLength(10);
      expect(allowed.slice(0, 9).every((decision) => decision.maxOutputTokens === 500)).toBe(true);
      expect(allowed[9]?.maxOutputTokens).toBe(150);
      expect(refusal).toMatchObject({
        allowed: false,
        reason: "budget_exhausted",
        ifNotAllowed: "stop",
        limitedBy: "usd",
        reservationId: null,
      });
      const events = await store.readEvents(runId);
      const state = foldRunState(events);
      expect(state.usage.nanoUsd).toBe(usdToNano(0.05));
      expect(state.usage.steps).toBe(10);
      expect(state.usage.modelCalls).toBe(10);
      expect(events.filter((event) => event.type === "budget-exceeded")).toHaveLength(1);
      // Stopped: a later decision is refused too, and records nothing more.
      const again = await decideExternalStep(runtime, runId, { stepKind: "act", estimatedInputTokens: 10 });
      expect(again).toMatchObject({ allowed: false, reason: "budget_exhausted", ifNotAllowed: "stop" });
      expect(await store.readEvents(runId)).toHaveLength(events.length);
      const result = await finishExternalRun(runtime, runId, { partial: "nine tickets answered" });
      // The stored ledger rows and run row agree with the events (what `agentone verify` checks).
      expect((await store.verifyRun(runId)).problem).toBeNull();
      expect(result).toMatchObject({
        status: "failed",
        outcome: "partial",
        terminationReason: "budget_exhausted:usd",
        answer: "nine tickets answered",
        costUsd: 0.05,
      });
    }
  });

  it("is stopped exactly at its token budget", async () => {
    {
      const runId = await createExternalRun(runtime, {
        goal: "answer tickets",
        workspace: ".",
        limits: { tokens: 10_100 },
        onExhaust: ["best-effort"],
      });
      // The caller uses every output token it is allowed: 1,500 a step, then 1,100 (100 output) on the
      // seventh, which leaves exactly nothing.
      const { allowed, refusal } = await runLoop(runtime, runId, (max) => max);
      expect(allowed.map((decision) => decision.maxOutputTokens)).toEqual([
        500, 500, 500, 500, 500, 500, 100,
      ]);
      expect(refusal).toMatchObject({ allowed: false, ifNotAllowed: "stop", limitedBy: "tokens" });
      const state = foldRunState(await store.readEvents(runId));
      expect(state.usage.inputTokens + state.usage.outputTokens).toBe(10_100);
      const result = await finishExternalRun(runtime, runId, { answer: "done" });
      // A run its budget stopped is never complete, whatever its caller says.
      expect(result).toMatchObject({
        status: "completed",
        outcome: "partial",
        terminationReason: "budget_exhausted:tokens",
      });
    }
  });
});

describe("an external run's status and report", () => {
  it("is running while open, completed on finish, and reported like a managed run", async () => {
    const runtime = await externalRuntime();
    const runId = await createExternalRun(runtime, { goal: "triage", workspace: ".", limits: { usd: 1 } });
    expect(foldRunState(await runtime.store.readEvents(runId)).status).toBe("running");
    expect((await runtime.store.getRun(runId))?.status).toBe("running");
    const plan = await decideExternalStep(runtime, runId, {
      stepKind: "plan",
      estimatedInputTokens: 2000,
      latencySlaMs: 60_000,
    });
    await runtime.clock.advance(1200);
    await settleExternalUsage(runtime, runId, {
      reservationId: plan.reservationId as string,
      usage: { inputTokens: 1500, cachedInputTokens: 500, outputTokens: 300 },
      latencyMs: 1200,
      modelVersion: "standard-2026-11",
    });
    const result = await finishExternalRun(runtime, runId, { answer: "the CI failure is a flaky test" });
    expect(result).toMatchObject({ status: "completed", outcome: "complete", terminationReason: "answered" });
    const report = buildReport(await runtime.store.readEvents(runId));
    // 1,500 × $2/M + 500 × $0.5/M + 300 × $8/M
    const cost = 0.003 + 0.00025 + 0.0024;
    expect(report.decisions).toEqual([
      expect.objectContaining({ step: 1, kind: "plan", model: "scripted-standard" }),
    ]);
    expect(report.costByModel).toEqual([
      expect.objectContaining({
        model: "scripted-standard",
        calls: 1,
        inputTokens: 1500,
        cachedInputTokens: 500,
        outputTokens: 300,
        modelVersions: ["standard-2026-11"],
      }),
    ]);
    expect(report.costByModel[0]?.usd).toBeCloseTo(cost, 12);
    expect(report.usage.usd).toBeCloseTo(cost, 12);
    expect(report.sla).toMatchObject({ steps: 1, met: 1, missed: 0 });
    expect(report).toMatchObject({
      status: "completed",
      outcome: "complete",
      answer: "the CI failure is a flaky test",
    });
  });
});
