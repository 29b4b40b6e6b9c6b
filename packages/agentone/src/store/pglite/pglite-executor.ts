import type { PGlite, Transaction } from "@electric-sql/pglite";
import { StoreError } from "../../core/errors/index.js";
import type { SqlExecutor } from "../sql/sql-executor.js";

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

  constructor(database: PGlite) {
    this.#database = database;
  }

  async query<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
    const result = await this.#database.query<Row>(sql, params);
    return result.rows;
  }

  async exec(sql: string): Promise<void> {
    await this.#database.exec(sql);
  }

  transaction<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    return this.#database.transaction((transaction) => work(new PgliteTransactionExecutor(transaction)));
  }

  close(): Promise<void> {
    return this.#database.close();
  }
}

/** The executor handed to transaction work: statements go to the open transaction. */
class PgliteTransactionExecutor implements SqlExecutor {
  readonly #transaction: Transaction;

  constructor(transaction: Transaction) {
    this.#transaction = transaction;
  }

  async query<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
    const result = await this.#transaction.query<Row>(sql, params);
    return result.rows;
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
