import type { SqlExecutor } from "../sql/sql-executor.js";

/**
 * Removes PostgreSQL's template databases (`template0`, `template1`) from a new embedded store. They are
 * only ever copied by `CREATE DATABASE`, which AgentOne never runs (its tables live in `postgres`), yet they
 * are most of a migrated store's files; and every new home copies every file of the store template,
 * at a cost per file (a file's creation, not its bytes) that dominated a first run's copy. Each statement
 * goes alone: `DROP DATABASE` refuses to run inside a transaction block.
 *
 * @example
 * ```ts
 * await migrate(executor);
 * await dropTemplateDatabases(executor);
 * ```
 */
export async function dropTemplateDatabases(executor: SqlExecutor): Promise<void> {
  // A template database cannot be dropped: they stop being templates first.
  await executor.exec(
    "UPDATE pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')",
  );
  await executor.exec("DROP DATABASE IF EXISTS template0");
  await executor.exec("DROP DATABASE IF EXISTS template1");
}
