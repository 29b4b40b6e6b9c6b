import type { PGlite } from "@electric-sql/pglite";
import { StoreError } from "../core/errors/index.js";
import type { QueryOptions, SqlExecutor } from "../store/sql/sql-executor.js";

/**
 * Many test stores in one embedded database, each in a schema of its own: starting a PGlite database
 * costs about a second of CPU, a schema a fraction of that, and a test suite makes hundreds of stores.
 *
 * The schemas share one session, so the session's `search_path` must be the store's own for each of
 * its statements and transactions, with nothing of another store's in between: every statement, and
 * every transaction as a whole, takes this database's turn, and sets the path first when the previous
 * turn was another schema's.
 */
export class SharedTestDatabase {
  readonly #database: PGlite;
  #currentSchema: string | undefined;
  #turn: Promise<void> = Promise.resolve();
  #schemas = 0;

  constructor(database: PGlite) {
    this.#database = database;
  }

  /** An executor over a new, empty schema of this database. */
  async newSchema(): Promise<SqlExecutor> {
    this.#schemas += 1;
    const schema = `test_store_${this.#schemas}`;
    await this.#inTurn(async () => {
      await this.#database.exec(`create schema ${schema}`);
    });
    return new SchemaExecutor(this, schema);
  }

  /** Runs `work` on the database with `schema` first on the search path, after every earlier turn. */
  inSchema<T>(schema: string, work: (database: PGlite) => Promise<T>): Promise<T> {
    return this.#inTurn(async () => {
      if (this.#currentSchema !== schema) {
        await this.#database.exec(`set search_path to ${schema}`);
        this.#currentSchema = schema;
      }
      return work(this.#database);
    });
  }

  #inTurn<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#turn.then(work);
    this.#turn = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

type PgliteTransaction = Parameters<Parameters<PGlite["transaction"]>[0]>[0];

/** One store's view of the shared database: its statements run in its own schema. */
class SchemaExecutor implements SqlExecutor {
  readonly #shared: SharedTestDatabase;
  readonly #schema: string;
  #closed = false;

  constructor(shared: SharedTestDatabase, schema: string) {
    this.#shared = shared;
    this.#schema = schema;
  }

  async query<Row>(sql: string, params: unknown[] = [], _options?: QueryOptions): Promise<Row[]> {
    this.#refuseIfClosed();
    return this.#shared.inSchema(
      this.#schema,
      async (database) => (await database.query<Row>(sql, params)).rows,
    );
  }

  async exec(sql: string): Promise<void> {
    this.#refuseIfClosed();
    await this.#shared.inSchema(this.#schema, (database) => database.exec(sql));
  }

  async transaction<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    this.#refuseIfClosed();
    return this.#shared.inSchema(this.#schema, (database) =>
      database.transaction((transaction) => work(transactionExecutor(transaction))),
    );
  }

  async close(): Promise<void> {
    // The database is shared with other stores; this store only stops answering.
    this.#closed = true;
  }

  #refuseIfClosed(): void {
    if (this.#closed) throw new StoreError("the store is closed");
  }
}

/** The executor handed to transaction work: statements go to the open transaction. */
function transactionExecutor(transaction: PgliteTransaction): SqlExecutor {
  const executor: SqlExecutor = {
    query: async <Row>(sql: string, params: unknown[] = []) =>
      (await transaction.query<Row>(sql, params)).rows,
    exec: async (sql: string) => {
      await transaction.exec(sql);
    },
    transaction: (work) => work(executor),
    close: () => Promise.reject(new StoreError("cannot close the store from inside one of its transactions")),
  };
  return executor;
}
