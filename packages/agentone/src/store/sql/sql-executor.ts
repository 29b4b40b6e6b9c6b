/** How a statement is sent. */
export interface QueryOptions {
  /**
   * Sends the statement as a prepared statement of this name, parsed and planned once per connection where
   * the driver keeps connections (PostgreSQL); the text must be the same every time the name is used. A
   * driver without named statements (PGlite) ignores it.
   */
  name?: string;
}

/**
 * The few things the store needs from a SQL database, so that PGlite and PostgreSQL can sit behind one
 * {@link SqlStore} and one set of migrations.
 *
 * @example
 * ```ts
 * const executor = new PgliteExecutor(await PGlite.create());
 * await executor.transaction(async (transaction) => {
 *   await transaction.query("insert into runs (id) values ($1)", ["run-1"]);
 * });
 * ```
 */
export interface SqlExecutor {
  /** Runs one statement with `$1`-style parameters and returns its rows. */
  query<Row>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Row[]>;
  /** Runs a script of one or more statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `work` in a transaction, committing if it resolves and rolling back if it rejects. Inside, use
   * only the executor handed to `work`; calling `transaction` on it again joins the same transaction.
   */
  transaction<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * Takes a lock named `name` that the database releases when this process's connection ends (PostgreSQL
   * advisory locks on a connection of its own); undefined when another session holds it. Absent where
   * only one process can reach the database (PGlite).
   */
  tryHoldLock?(name: string): Promise<{ release(): Promise<void> } | undefined>;
  close(): Promise<void>;
}
