import { randomUUID } from "node:crypto";
import { readdir } from "node:fs/promises";
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

/** The versions of the numbered migration files, which a fully migrated schema records. */
async function migrationVersions(): Promise<number[]> {
  const names = await readdir(new URL("../../migrations/", import.meta.url));
  return names
    .map((name) => /^(\d{3})_[\w-]+\.sql$/.exec(name)?.[1])
    .filter((version): version is string => version !== undefined)
    .map(Number)
    .sort((left, right) => left - right);
}

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
        const versions = await migrationVersions();
        expect(versions.slice(0, 3)).toEqual([1, 2, 3]);
        expect(rows.rows).toEqual(versions.map((version) => ({ version })));
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
        expect(rows.rows).toEqual([{ count: (await migrationVersions()).length }]);
      } finally {
        await Promise.all(executors.map((executor) => executor.close()));
        await admin.query(`drop schema if exists ${freshSchema} cascade`);
      }
    });
  });

  describe("PostgreSQL run claims", () => {
    it("holds a name once per schema, so stores in two schemas of one database never hold each other's runs", async () => {
      const otherSchema = `${schema}_other`;
      await admin.query(`create schema ${otherSchema}`);
      const executor = (searchPath: string) =>
        new PostgresExecutor({ connectionString: databaseUrl, searchPath, maxConnections: 1 });
      const [first, second, other] = [executor(schema), executor(schema), executor(otherSchema)];
      try {
        const held = await first.tryHoldLock("agentone-run:run_0001");
        expect(held).toBeDefined();
        expect(await second.tryHoldLock("agentone-run:run_0001")).toBeUndefined();
        const elsewhere = await other.tryHoldLock("agentone-run:run_0001");
        expect(elsewhere).toBeDefined();
        await held?.release();
        await elsewhere?.release();
        const again = await second.tryHoldLock("agentone-run:run_0001");
        expect(again).toBeDefined();
        await again?.release();
      } finally {
        await Promise.all([first, second, other].map((one) => one.close()));
        await admin.query(`drop schema if exists ${otherSchema} cascade`);
      }
    });
  });
}
