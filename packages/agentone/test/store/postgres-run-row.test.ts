import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/core/clock/index.js";
import { foldRunState } from "../../src/core/run-state/fold-run-state.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import { PostgresExecutor } from "../../src/store/postgres/postgres-executor.js";
import { migrate } from "../../src/store/sql/migrate.js";
import { SqlStore } from "../../src/store/sql/sql-store.js";
import { ScriptedBackend, type ScriptedStep } from "../../src/testing/scripted-backend.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import { tempWorkspace } from "../support/temp-workspace.js";

const databaseUrl = process.env.AGENTONE_TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
// A private schema keeps this file's tables apart from other test files.
const schema = `agentone_test_${randomUUID().replaceAll("-", "").slice(0, 12)}`;

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const available = (await reachable()) || Boolean(process.env.CI);

describe.skipIf(!available)("the runs row on PostgreSQL, read while the run works", () => {
  const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  let store: SqlStore;

  beforeAll(async () => {
    await admin.query(`create schema ${schema}`);
    const executor = new PostgresExecutor({ connectionString: databaseUrl, searchPath: schema });
    await migrate(executor);
    store = new SqlStore(executor);
  });

  afterAll(async () => {
    await store?.close();
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  });

  it("lists the status and spend that the stored log shows, from the first step on", async () => {
    const workspace = await tempWorkspace({ "notes.txt": "alpha\n" });
    try {
      // What another process (`agentone runs`, `agentone show`) reads while each model call is in flight.
      const seen: { row: string; log: string }[] = [];
      const look = async () => {
        const [row] = await store.listRuns({ limit: 1 });
        const state = foldRunState(await store.readEvents(row?.id ?? ""));
        seen.push({
          row: `${row?.status} ${row?.costNanoUsd}`,
          log: `${state.status} ${state.usage.nanoUsd}`,
        });
      };
      const looking =
        (reply: Exclude<ScriptedStep, (...args: never[]) => unknown>): ScriptedStep =>
        async () => {
          await look();
          return reply;
        };
      const clock = new VirtualClock();
      const backend = new ScriptedBackend({
        clock,
        steps: [
          looking({ text: "1. read notes.txt" }),
          looking({ toolCalls: [{ name: "read_file", arguments: { path: "notes.txt" } }] }),
          looking({ text: "alpha" }),
        ],
      });
      const runtime = await createTestRuntime({ backend, clock, store });
      const result = await startRun(runtime, { goal: "What is in notes.txt?", workspace: workspace.root });
      expect(result.status).toBe("completed");
      expect(seen.map((entry) => entry.row.split(" ")[0])).toEqual(["planning", "running", "running"]);
      for (const entry of seen) expect(entry.row).toBe(entry.log);
      expect(Number(seen[2]?.row.split(" ")[1])).toBeGreaterThan(0);
      const [row] = await store.listRuns({ limit: 1 });
      expect(row).toMatchObject({ status: "completed", outcome: "complete" });
      expect(row?.costNanoUsd).toBe(foldRunState(await store.readEvents(result.runId)).usage.nanoUsd);
    } finally {
      await workspace.cleanup();
    }
  });
});
