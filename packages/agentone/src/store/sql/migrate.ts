import { readdir, readFile } from "node:fs/promises";
import { StoreError } from "../../core/errors/index.js";
import type { SqlExecutor } from "./sql-executor.js";

/** One numbered migration file, e.g. `001_initial.sql` is version 1. */
interface Migration {
  version: number;
  name: string;
}

// Any fixed key works as long as nothing else in the database uses it; this one spells "agt1" in ASCII.
const migrationLockKey = 0x61677431;

const migrationFilePattern = /^(\d{3})_[\w-]+\.sql$/;

/** Resolved on each call rather than at import, so importing the store touches nothing. */
function migrationsFolder(): URL {
  // Three levels up reaches the package root from both src/store/sql and dist/store/sql.
  return new URL("../../../migrations/", import.meta.url);
}

async function listMigrations(folder: URL): Promise<Migration[]> {
  const names = await readdir(folder);
  const migrations: Migration[] = [];
  for (const name of names) {
    const match = migrationFilePattern.exec(name);
    if (match?.[1] === undefined) continue;
    const version = Number.parseInt(match[1], 10);
    const clash = migrations.find((migration) => migration.version === version);
    if (clash !== undefined) {
      throw new StoreError(`migrations ${clash.name} and ${name} share the number ${version}`);
    }
    migrations.push({ version, name });
  }
  return migrations.sort((left, right) => left.version - right.version);
}

/**
 * Serialises migrators: two processes starting against one empty PostgreSQL database would otherwise both
 * try to create the same tables. The lock ends with the transaction. PGlite accepts the call as well.
 */
async function lockMigrations(executor: SqlExecutor): Promise<void> {
  await executor.query("select pg_advisory_xact_lock($1::bigint)", [migrationLockKey]);
}

async function applyMigration(
  executor: SqlExecutor,
  input: { migration: Migration; folder: URL },
): Promise<void> {
  const { migration, folder } = input;
  const script = await readFile(new URL(migration.name, folder), "utf8");
  await executor.transaction(async (transaction) => {
    await lockMigrations(transaction);
    // Checked again under the lock: another process may have applied it since this one looked.
    const applied = await transaction.query("select 1 from schema_migrations where version = $1", [
      migration.version,
    ]);
    if (applied.length > 0) return;
    await transaction.exec(script);
    await transaction.query("insert into schema_migrations (version, applied_at) values ($1, now())", [
      migration.version,
    ]);
  });
}

/**
 * Brings the database up to date: applies each numbered `migrations/NNN_*.sql` file not yet recorded in
 * `schema_migrations`, in order, each in its own transaction. Safe to call on every start, and from two
 * processes at once.
 *
 * @example
 * ```ts
 * const executor = new PgliteExecutor(await PGlite.create());
 * await migrate(executor);
 * ```
 */
export async function migrate(executor: SqlExecutor): Promise<void> {
  const folder = migrationsFolder();
  const migrations = await listMigrations(folder);
  const applied = await executor.transaction(async (transaction) => {
    await lockMigrations(transaction);
    await transaction.exec(
      "create table if not exists schema_migrations (version integer primary key, applied_at timestamptz not null)",
    );
    return transaction.query<{ version: number }>("select version from schema_migrations");
  });
  const appliedVersions = new Set(applied.map((row) => Number(row.version)));
  for (const migration of migrations) {
    if (appliedVersions.has(migration.version)) continue;
    try {
      await applyMigration(executor, { migration, folder });
    } catch (error) {
      throw new StoreError(`migration ${migration.name} failed: ${messageOf(error)}`, { cause: error });
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
