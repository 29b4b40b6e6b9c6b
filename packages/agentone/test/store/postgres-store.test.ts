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

    it("holds every claim of a process on one connection, and refuses a second holder in it", async () => {
      const executor = new PostgresExecutor({ connectionString: databaseUrl, searchPath: schema });
      const names = ["agentone-run:run_a", "agentone-run:run_b", "agentone-run:run_c"];
      const warnings: Error[] = [];
      const onWarning = (warning: Error) => warnings.push(warning);
      process.on("warning", onWarning);
      try {
        // Claimed at once, as a server continuing several runs does: the driver must not warn about
        // queries sent on a connection already executing one (it prints to the process's output).
        const held = await Promise.all(names.map((name) => executor.tryHoldLock(name)));
        await new Promise((resolve) => setImmediate(resolve));
        expect(warnings.map((warning) => warning.message)).toEqual([]);
        expect(held.every((hold) => hold !== undefined)).toBe(true);
        expect(await executor.tryHoldLock("agentone-run:run_a")).toBeUndefined();
        expect(await heldBy(names)).toEqual({ locks: 3, sessions: 1 });
        await held[0]?.release();
        await held[0]?.release();
        expect(await heldBy(names)).toEqual({ locks: 2, sessions: 1 });
        const again = await executor.tryHoldLock("agentone-run:run_a");
        expect(again).toBeDefined();
        await Promise.all([again, ...held.slice(1)].map((hold) => hold?.release()));
        expect(await heldBy(names)).toEqual({ locks: 0, sessions: 0 });
      } finally {
        process.off("warning", onWarning);
        await executor.close();
      }
    });

    it("after its lock connection drops, the claims are free to others and it opens another", async () => {
      const executor = (searchPath: string) =>
        new PostgresExecutor({ connectionString: databaseUrl, searchPath });
      const [first, second] = [executor(schema), executor(schema)];
      try {
        const held = await first.tryHoldLock("agentone-run:run_d");
        expect(held).toBeDefined();
        await admin.query(
          `select pg_terminate_backend(pid) from pg_locks
            where locktype = 'advisory' and ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)`,
          [`${schema}/agentone-run:run_d`],
        );
        const taken = await eventually(() => second.tryHoldLock("agentone-run:run_d"));
        await held?.release();
        await taken.release();
        const reopened = await first.tryHoldLock("agentone-run:run_e");
        expect(reopened).toBeDefined();
        await reopened?.release();
      } finally {
        await Promise.all([first.close(), second.close()]);
      }
    });
  });

  /** How many advisory locks on `names` (in this file's schema) are held, and by how many sessions. */
  async function heldBy(names: readonly string[]): Promise<{ locks: number; sessions: number }> {
    const { rows } = await admin.query<{ locks: number; sessions: number }>(
      `select count(*)::int as locks, count(distinct pid)::int as sessions from pg_locks
        where locktype = 'advisory'
          and ((classid::bigint << 32) | objid::bigint)
              = any (select hashtextextended($1 || '/' || name, 0) from unnest($2::text[]) as name)`,
      [schema, names],
    );
    return rows[0] ?? { locks: -1, sessions: -1 };
  }
}

/** Tries `attempt` until it gives a value: a terminated session's locks go when the server notices. */
async function eventually<T>(attempt: () => Promise<T | undefined>): Promise<T> {
  for (let tries = 0; tries < 200; tries++) {
    const value = await attempt();
    if (value !== undefined) return value;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error("the lock was never free");
}
