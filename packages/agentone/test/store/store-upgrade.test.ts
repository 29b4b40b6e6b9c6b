import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { PgliteExecutor } from "../../src/store/pglite/pglite-executor.js";
import { PostgresExecutor } from "../../src/store/postgres/postgres-executor.js";
import { migrate } from "../../src/store/sql/migrate.js";
import type { SqlExecutor } from "../../src/store/sql/sql-executor.js";
import { SqlStore } from "../../src/store/sql/sql-store.js";
import { createTestDatabase } from "../../src/testing/test-store.js";
import { databaseUrl, postgresUnreachable } from "../server/server-harness.js";
import { timeAt } from "./sample-events.js";

/** Takes a migrated database back to what a store of the previous version (migrations up to 007) holds. */
async function asBeforeMigration8(executor: SqlExecutor): Promise<void> {
  await executor.exec(
    "drop table tenant_kill_switches; alter table runs drop column priority; delete from schema_migrations where version = 8",
  );
}

/** A run row as a store before migration 008 wrote it: no priority column. */
async function insertOldRun(executor: SqlExecutor, id: string): Promise<void> {
  await executor.query(
    "insert into runs (id, goal, workspace, status, outcome, termination_reason, parent_run_id, cost_nano_usd, created_at, updated_at, tenant) " +
      "values ($1, 'goal', '/workspace', 'queued', null, null, null, 0, $2, $2, 'default')",
    [id, timeAt(0)],
  );
}

async function checkUpgrade(executor: SqlExecutor): Promise<void> {
  await asBeforeMigration8(executor);
  await insertOldRun(executor, "run-before-008");
  await migrate(executor);
  const store = new SqlStore(executor);
  const old = await store.getRun("run-before-008");
  expect(old).toMatchObject({ id: "run-before-008", status: "queued", tenant: "default" });
  // No priority was recorded: a restarted server queues it at 0.
  expect(old).not.toHaveProperty("priority");
  expect(await store.listTenantKillSwitches()).toEqual([]);
}

const skipReason = await postgresUnreachable();

describe("a store made before priorities and tenant kill switches were kept (migration 008)", () => {
  it("on PGlite: migrates, and reads its runs as before, without a priority", async () => {
    const executor = new PgliteExecutor(await createTestDatabase());
    try {
      await checkUpgrade(executor);
    } finally {
      await executor.close();
    }
  });

  const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  afterAll(() => admin.end());

  it.skipIf(skipReason !== undefined)(
    "on PostgreSQL: migrates, and reads its runs as before, without a priority",
    async () => {
      const schema = `agentone_upgrade_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
      await admin.query(`create schema ${schema}`);
      const executor = new PostgresExecutor({ connectionString: databaseUrl, searchPath: schema });
      try {
        await migrate(executor);
        await checkUpgrade(executor);
      } finally {
        await executor.close();
        await admin.query(`drop schema if exists ${schema} cascade`);
      }
    },
  );
});
