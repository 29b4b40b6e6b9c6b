import type { PGlite, Transaction } from "@electric-sql/pglite";
import { StoreError } from "../../core/errors/index.js";
import type { QueryOptions, SqlExecutor } from "../sql/sql-executor.js";
import { NamedStatements } from "./named-statements.js";

/**
 * A {@link SqlExecutor} over an embedded PGlite database. Closing the executor closes the database.
 *
 * @example
 * ```ts
 * const executor = new PgliteExecutor(await PGlite.create({ dataDir: ".agentone/store" }));
 * const rows = await executor.query<{ id: string }>("select id from runs");
 * await executor.close();
 * ```
 */
export class PgliteExecutor implements SqlExecutor {
  readonly #database: PGlite;
  readonly #named: NamedStatements;

  constructor(database: PGlite) {
    this.#database = database;
    this.#named = new NamedStatements(database);
  }

  async query<Row>(sql: string, params: unknown[] = [], options: QueryOptions = {}): Promise<Row[]> {
    const { name } = options;
    if (name === undefined) return (await this.#database.query<Row>(sql, params)).rows;
    // The locks PGlite's own `query` takes: none of another caller's transaction, one protocol exchange.
    const database = this.#database;
    await database._checkReady();
    return database._runExclusiveTransaction(async () => {
      // Asked again holding the lock that `close()` takes to mark the database closing: a statement that
      // waited behind it would otherwise reach a database being shut down (and could hang there, with
      // `close()`), where PGlite's own `query` is refused.
      await database._checkReady();
      const rows = await database._runExclusiveQuery(() => this.#named.query<Row>(name, sql, params));
      await database.syncToFs();
      return rows;
    });
  }

  async exec(sql: string): Promise<void> {
    await this.#database.exec(sql);
  }

  transaction<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    return this.#database.transaction((transaction) =>
      work(new PgliteTransactionExecutor(transaction, this.#database, this.#named)),
    );
  }

  close(): Promise<void> {
    return this.#database.close();
  }
}

/** The executor handed to transaction work: statements go to the open transaction. */
class PgliteTransactionExecutor implements SqlExecutor {
  readonly #transaction: Transaction;
  readonly #database: PGlite;
  readonly #named: NamedStatements;

  constructor(transaction: Transaction, database: PGlite, named: NamedStatements) {
    this.#transaction = transaction;
    this.#database = database;
    this.#named = named;
  }

  async query<Row>(sql: string, params: unknown[] = [], options: QueryOptions = {}): Promise<Row[]> {
    const { name } = options;
    if (name === undefined || this.#transaction.closed)
      return (await this.#transaction.query<Row>(sql, params)).rows;
    // The transaction holds PGlite's transaction lock already; the statement takes the query lock.
    return this.#database._runExclusiveQuery(() => this.#named.query<Row>(name, sql, params));
  }

  async exec(sql: string): Promise<void> {
    await this.#transaction.exec(sql);
  }

  transaction<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    return work(this);
  }

  close(): Promise<void> {
    return Promise.reject(new StoreError("cannot close the store from inside one of its transactions"));
  }
}
