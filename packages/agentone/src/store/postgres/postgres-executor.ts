import pg from "pg";
import { StoreError, UsageError } from "../../core/errors/index.js";
import type { QueryOptions, SqlExecutor } from "../sql/sql-executor.js";
import { AdvisoryLockSession, type HeldLock } from "./advisory-lock-session.js";

export interface PostgresExecutorOptions {
  /** A `postgresql://` URL, as in `DATABASE_URL`. */
  connectionString: string;
  /** Schemas to use instead of the default, e.g. a private schema per test file. */
  searchPath?: string;
  /** Most connections the pool opens at once. */
  maxConnections?: number;
}

// The search path travels in the connection's startup options, where spaces and backslashes have meaning,
// so only plain identifiers are let through.
const searchPathPattern = /^[A-Za-z_][A-Za-z0-9_$]*(,[A-Za-z_][A-Za-z0-9_$]*)*$/;

/**
 * A {@link SqlExecutor} over a PostgreSQL connection pool. Each transaction runs on one dedicated
 * connection. Closing the executor ends the pool.
 *
 * @example
 * ```ts
 * const executor = new PostgresExecutor({ connectionString: process.env.DATABASE_URL ?? "" });
 * const rows = await executor.query<{ id: string }>("select id from runs");
 * await executor.close();
 * ```
 */
export class PostgresExecutor implements SqlExecutor {
  readonly #pool: pg.Pool;
  readonly #locks: AdvisoryLockSession;

  constructor(options: PostgresExecutorOptions) {
    const searchPath = options.searchPath;
    if (searchPath !== undefined && !searchPathPattern.test(searchPath)) {
      throw new UsageError(`invalid search path '${searchPath}': give schema names separated by commas`);
    }
    const connection = {
      connectionString: options.connectionString,
      ...(searchPath === undefined ? {} : { options: `-c search_path=${searchPath}` }),
    };
    this.#pool = new pg.Pool({ ...connection, max: options.maxConnections ?? 10 });
    this.#locks = new AdvisoryLockSession(connection);
    // An idle connection that drops emits 'error' on the pool, which would otherwise crash the process;
    // the pool discards that connection and the next query reports any lasting failure.
    this.#pool.on("error", () => {});
  }

  async query<Row>(sql: string, params: unknown[] = [], options: QueryOptions = {}): Promise<Row[]> {
    const result = await this.#pool.query(statementConfig(sql, params, options));
    return result.rows as Row[];
  }

  async exec(sql: string): Promise<void> {
    await this.#pool.query(sql);
  }

  async transaction<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("begin");
      const result = await work(new PostgresClientExecutor(client));
      await client.query("commit");
      return result;
    } catch (error) {
      try {
        await client.query("rollback");
      } catch (rollbackError) {
        // A connection that cannot roll back is in an unknown state; it must not go back to the pool.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /**
   * A session-level advisory lock on this executor's lock connection, outside the pool
   * ({@link AdvisoryLockSession}): the server releases it when that connection ends, including when this
   * process dies. Advisory locks belong to the whole database, so the name is taken within the
   * connection's schema: two stores in two schemas of one database (tenants, test files) never hold each
   * other's runs. A second holder in this process is refused as one in another process is.
   */
  tryHoldLock(name: string): Promise<HeldLock | undefined> {
    return this.#locks.tryHold(name);
  }

  async close(): Promise<void> {
    await Promise.all([this.#pool.end(), this.#locks.close()]);
  }
}

/** The executor handed to transaction work: statements go to the transaction's connection. */
class PostgresClientExecutor implements SqlExecutor {
  readonly #client: pg.PoolClient;

  constructor(client: pg.PoolClient) {
    this.#client = client;
  }

  async query<Row>(sql: string, params: unknown[] = [], options: QueryOptions = {}): Promise<Row[]> {
    const result = await this.#client.query(statementConfig(sql, params, options));
    return result.rows as Row[];
  }

  async exec(sql: string): Promise<void> {
    await this.#client.query(sql);
  }

  transaction<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    return work(this);
  }

  close(): Promise<void> {
    return Promise.reject(new StoreError("cannot close the store from inside one of its transactions"));
  }
}

/** The driver's query config: a named statement is parsed once per connection and reused by name. */
function statementConfig(text: string, values: unknown[], options: QueryOptions): pg.QueryConfig {
  return options.name === undefined ? { text, values } : { name: options.name, text, values };
}
