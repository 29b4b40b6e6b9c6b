import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresExecutor } from "../../src/store/postgres/postgres-executor.js";
import { migrate } from "../../src/store/sql/migrate.js";
import { SqlStore } from "../../src/store/sql/sql-store.js";
import { runStoreContract } from "./store-contract.js";

const databaseUrl = process.env.AGENTONE_TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
// A private schema keeps this file's tables apart from other test files and from anything else there.
const schema = `agentone_test_${randomUUID().replaceAll("-", "").slice(0, 12)}`;

async function unreachableReason(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return `PostgreSQL is unreachable at ${databaseUrl}: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    await client.end().catch(() => {});
  }
}

const skipReason = await unreachableReason();

if (skipReason !== undefined && process.env.CI) {
  it("reaches PostgreSQL (required in CI)", () => {
    throw new Error(skipReason);
  });
} else if (skipReason !== undefined) {
  console.warn(`skipping the PostgreSQL store tests: ${skipReason}`);
  describe.skip(`PostgreSQL store (skipped: ${skipReason})`, () => {
    it("runs the store contract", () => {});
  });
} else {
  const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 });

  beforeAll(async () => {
    await admin.query(`create schema ${schema}`);
    const executor = new PostgresExecutor({ connectionString: databaseUrl, searchPath: schema });
    try {
      await migrate(executor);
    } finally {
      await executor.close();
    }
  });

  afterAll(async () => {
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  });

  runStoreContract("PostgreSQL", async () => {
    const executor = new PostgresExecutor({
      connectionString: databaseUrl,
      searchPath: schema,
      maxConnections: 2,
    });
    const store = new SqlStore(executor);
    return { store, executor, cleanup: () => store.close() };
  });

  describe("PostgreSQL migrations", () => {
    it("migrate is idempotent and safe to run concurrently", async () => {
      const executors = [0, 1].map(
        () => new PostgresExecutor({ connectionString: databaseUrl, searchPath: schema, maxConnections: 1 }),
      );
      try {
        await Promise.all(executors.map((executor) => migrate(executor)));
        const rows = await admin.query(`select version from ${schema}.schema_migrations order by version`);
        expect(rows.rows).toEqual([{ version: 1 }]);
      } finally {
        await Promise.all(executors.map((executor) => executor.close()));
      }
    });

    it("migrates a fresh schema from two processes at once", async () => {
      const freshSchema = `${schema}_fresh`;
      await admin.query(`create schema ${freshSchema}`);
      const executors = [0, 1].map(
        () =>
          new PostgresExecutor({ connectionString: databaseUrl, searchPath: freshSchema, maxConnections: 1 }),
      );
      try {
        await Promise.all(executors.map((executor) => migrate(executor)));
        const rows = await admin.query(`select count(*)::int as count from ${freshSchema}.schema_migrations`);
        expect(rows.rows).toEqual([{ count: 1 }]);
      } finally {
        await Promise.all(executors.map((executor) => executor.close()));
        await admin.query(`drop schema if exists ${freshSchema} cascade`);
      }
    });
  });
}
