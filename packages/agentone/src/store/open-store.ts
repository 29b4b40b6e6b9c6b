import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { ConfigError, StoreError } from "../core/errors/index.js";
import { createStoreDirectory, type StoreTemplateSource } from "./pglite/create-store-directory.js";
import { dropTemplateDatabases } from "./pglite/drop-template-databases.js";
import { PgliteExecutor } from "./pglite/pglite-executor.js";
import { acquireStoreLock } from "./pglite/store-lock.js";
import { migrationsFolderUrl, storeTemplateKey } from "./pglite/store-template.js";
import type { PostgresExecutor } from "./postgres/postgres-executor.js";
import { migrate } from "./sql/migrate.js";
import type { SqlExecutor } from "./sql/sql-executor.js";
import type { Store } from "./store.js";

export interface OpenStoreOptions {
  /** AgentOne's home folder (e.g. `.agentone`); the embedded store lives in `<home>/store`. */
  home: string;
  /** A `postgresql://` URL; when given, PostgreSQL is used instead of the embedded store. */
  databaseUrl?: string;
  /**
   * A folder (e.g. `~/.cache/agentone/store-templates`) where a migrated empty embedded store is kept, made
   * once per PGlite version and migration set, and copied into each new home: creating one from nothing
   * (initdb, then every migration) takes seconds of CPU and close to a gigabyte of memory. Without it, each
   * new home's store is built from nothing.
   */
  templatesDirectory?: string;
}

/**
 * Opens the store and brings its schema up to date: PostgreSQL when `databaseUrl` is given, otherwise the
 * embedded PGlite database in `<home>/store`, which one process at a time may hold. Close it when done.
 *
 * @example
 * ```ts
 * const store = await openStore({ home: ".agentone", databaseUrl: process.env.DATABASE_URL });
 * try {
 *   console.log(await store.listRuns());
 * } finally {
 *   await store.close();
 * }
 * ```
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const { databaseUrl } = options;
  if (databaseUrl !== undefined && databaseUrl !== "") return openPostgresStore(databaseUrl);
  return openEmbeddedStore(options);
}

/**
 * Whether the embedded store has been created in `home`, so read-only commands can say "no runs yet"
 * instead of creating one.
 *
 * @example
 * ```ts
 * if (!(await storeExists(".agentone"))) console.log("no runs yet");
 * ```
 */
export async function storeExists(home: string): Promise<boolean> {
  try {
    return (await stat(storeDirectory(home))).isDirectory();
  } catch {
    return false;
  }
}

function storeDirectory(home: string): string {
  return join(home, "store");
}

/** Only PostgreSQL URLs: the driver would read `mysql://...` as a PostgreSQL address and fail later, obscurely. */
function checkPostgresUrl(databaseUrl: string): void {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(databaseUrl)?.[1]?.toLowerCase();
  if (scheme !== "postgres" && scheme !== "postgresql")
    throw new ConfigError(
      `the database URL must start with postgres:// or postgresql:// (got ${scheme ? `${scheme}://` : "no scheme"})`,
      { key: "databaseUrl" },
    );
}

/**
 * Failures that mean the URL is wrong rather than the database broken: the server cannot be reached
 * (refused, unknown host, timeout), refuses the login (SQLSTATE class 28), or has no such database (3D000).
 */
function isConnectionProblem(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return false;
  const network = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH"];
  return network.includes(code) || code.startsWith("28") || code === "3D000";
}

async function openPostgresStore(databaseUrl: string): Promise<Store> {
  checkPostgresUrl(databaseUrl);
  const location = `the PostgreSQL database ${describeDatabaseUrl(databaseUrl)}`;
  const secrets = passwordsIn(databaseUrl);
  // Loaded only here: the embedded store and the commands that open no store do not pay for the driver.
  const { PostgresExecutor } = await import("./postgres/postgres-executor.js");
  let executor: PostgresExecutor;
  try {
    executor = new PostgresExecutor({ connectionString: databaseUrl });
  } catch (error) {
    throw openingError({ location, error, secrets });
  }
  try {
    await migrateOrClose(executor, { location, secrets });
  } catch (error) {
    // A database that cannot be reached is a configuration error (exit 2), like any other bad setting.
    if (error instanceof StoreError && isConnectionProblem(error.cause))
      throw new ConfigError(error.message, { key: "databaseUrl", cause: error.cause });
    throw error;
  }
  const { SqlStore } = await import("./sql/sql-store.js");
  return new SqlStore(executor);
}

/**
 * The embedded PostgreSQL's start parameters: PGlite's own, with 16 MB of shared buffers instead of
 * initdb's 128 MB. PGlite allocates and clears the buffers at every start, which was about a quarter of
 * opening a store's CPU and 125 MB of its memory; a CLI's single connection does not need them (the
 * operating system's file cache is behind them), and appending thousands of events was no slower.
 */
function startParameters(PGlite: typeof import("@electric-sql/pglite").PGlite): string[] {
  return [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"];
}

/** Builds a migrated empty store in `dataDirectory`, without the template databases, and closes it. */
async function createMigratedStore(dataDirectory: string): Promise<void> {
  const { PGlite } = await import("@electric-sql/pglite");
  const executor = new PgliteExecutor(
    await PGlite.create({ dataDir: dataDirectory, startParams: startParameters(PGlite) }),
  );
  try {
    await migrate(executor);
    await dropTemplateDatabases(executor);
  } finally {
    await executor.close();
  }
}

function templateSource(templatesDirectory: string | undefined): StoreTemplateSource | undefined {
  if (templatesDirectory === undefined || templatesDirectory === "") return undefined;
  return { templatesDirectory, key: () => storeTemplateKey({ migrationsFolder: migrationsFolderUrl() }) };
}

async function openEmbeddedStore(options: OpenStoreOptions): Promise<Store> {
  const { home } = options;
  const directory = storeDirectory(home);
  const location = `the embedded store at ${directory}`;
  // Loaded only here, so that importing this module (or checking storeExists) stays cheap.
  const [{ PGlite }, { SqlStore }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("./sql/sql-store.js"),
  ]);
  try {
    await mkdir(home, { recursive: true });
  } catch (error) {
    throw openingError({ location, error });
  }
  const lock = await acquireStoreLock({ lockPath: join(home, "store.lock"), storeDirectory: directory });
  let executor: PgliteExecutor;
  try {
    // A new store is made whole before it is opened: never half a store, and copied when a template fits.
    if (!(await storeExists(home))) {
      const template = templateSource(options.templatesDirectory);
      await createStoreDirectory({
        directory,
        initialize: createMigratedStore,
        ...(template ? { template } : {}),
      });
    }
    executor = new PgliteExecutor(
      await PGlite.create({ dataDir: directory, startParams: startParameters(PGlite) }),
    );
  } catch (error) {
    await lock.release();
    throw openingError({ location, error });
  }
  try {
    await migrateOrClose(executor, { location });
  } catch (error) {
    await lock.release();
    throw error;
  }
  return new SqlStore(executor, { onClose: () => lock.release() });
}

interface OpeningContext {
  location: string;
  /** Text to keep out of messages, such as the password in the database URL. */
  secrets?: readonly string[];
}

async function migrateOrClose(executor: SqlExecutor, context: OpeningContext): Promise<void> {
  try {
    await migrate(executor);
  } catch (error) {
    await executor.close().catch(() => {});
    throw openingError({ ...context, error });
  }
}

function openingError(input: OpeningContext & { error: unknown }): StoreError {
  const { location, error, secrets = [] } = input;
  let reason = error instanceof Error ? error.message : String(error);
  for (const secret of secrets) reason = reason.replaceAll(secret, "***");
  return new StoreError(`could not open ${location}: ${reason}`, { cause: error });
}

/** The URL's password as written and decoded, for scrubbing driver messages that might echo it. */
function passwordsIn(databaseUrl: string): string[] {
  try {
    const written = new URL(databaseUrl).password;
    // A one-character password would blot out that character everywhere; too short to be worth hiding.
    return [written, decodeURIComponent(written)].filter((password) => password.length > 1);
  } catch {
    return [];
  }
}

/** Names the database for messages: host, port and database, never the password. */
function describeDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    const database = url.pathname.replace(/^\//, "");
    return `${url.hostname}${url.port === "" ? "" : `:${url.port}`}${database === "" ? "" : `/${database}`}`;
  } catch {
    return "named by DATABASE_URL";
  }
}
