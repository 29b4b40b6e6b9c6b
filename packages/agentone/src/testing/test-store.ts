import { PGlite } from "@electric-sql/pglite";
import { PgliteExecutor } from "../store/pglite/pglite-executor.js";
import { migrate } from "../store/sql/migrate.js";
import { SqlStore } from "../store/sql/sql-store.js";
import type { Store } from "../store/store.js";
import { SharedTestDatabase } from "./shared-test-database.js";

// Starting PGlite from nothing takes seconds while loading a dump takes a fraction of one, so one migrated
// database per process is dumped once and every test database starts from that copy.
let migratedDump: Promise<Blob | File> | undefined;

async function dumpMigratedDatabase(): Promise<Blob | File> {
  const database = await PGlite.create();
  try {
    await migrate(new PgliteExecutor(database));
    return await database.dumpDataDir("none");
  } finally {
    await database.close();
  }
}

function migratedTemplate(): Promise<Blob | File> {
  if (migratedDump === undefined) {
    migratedDump = dumpMigratedDatabase();
    // A failed build is forgotten so the next caller tries again rather than inheriting the failure.
    migratedDump.catch(() => {
      migratedDump = undefined;
    });
  }
  return migratedDump;
}

/**
 * A fresh, migrated, in-memory PGlite database, for tests that need raw SQL next to the store. Close it
 * when done.
 *
 * @example
 * ```ts
 * const database = await createTestDatabase();
 * const store = new SqlStore(new PgliteExecutor(database));
 * ```
 */
export async function createTestDatabase(): Promise<PGlite> {
  return PGlite.create({ loadDataDir: await migratedTemplate() });
}

/**
 * A fresh, empty store in memory, ready in well under a second. Each call returns an independent store: a
 * schema of its own in one embedded database that the process's test stores share (closing a store stops
 * it answering; the database lives as long as the process).
 *
 * @example
 * ```ts
 * const store = await createTestStore();
 * await store.createRun(run, [runStartEvent]);
 * await store.close();
 * ```
 */
export async function createTestStore(): Promise<Store & { close(): Promise<void> }> {
  const executor = await (await sharedDatabase()).newSchema();
  await migrate(executor);
  return new SqlStore(executor);
}

// One embedded database per process holds every test store, each in a schema of its own.
let shared: Promise<SharedTestDatabase> | undefined;

function sharedDatabase(): Promise<SharedTestDatabase> {
  if (shared === undefined) {
    shared = PGlite.create().then((database) => new SharedTestDatabase(database));
    shared.catch(() => {
      shared = undefined;
    });
  }
  return shared;
}
