import { valuePlaceholders } from "./column-values.js";
import type { SqlExecutor } from "./sql-executor.js";

/**
 * The most bind parameters one statement may carry. PostgreSQL's wire protocol counts them in 16 bits
 * (65,535); past that the count wraps and the server refuses the statement ("bind message has N
 * parameter formats but 0 parameters"), so a large batch is split.
 */
export const maxParametersPerStatement = 65_535;

/**
 * Inserts rows with as few multi-row statements as the parameter limit and `rowsPerStatement` allow. Call
 * it inside a transaction so that a failure in a later statement undoes the earlier ones.
 *
 * @example
 * ```ts
 * await insertRows(transaction, {
 *   into: "payloads (sha256, content, size_bytes)",
 *   columnTypes: ["text", "text", "integer"],
 *   rows: [["ab12...", "{}", 2]],
 *   suffix: "on conflict (sha256) do nothing",
 * });
 * ```
 */
export async function insertRows(
  executor: SqlExecutor,
  input: {
    /** The table and its column list, as in `insert into <into> values ...`. */
    into: string;
    columnTypes: readonly string[];
    rows: readonly (readonly unknown[])[];
    /** A clause after the values, e.g. `on conflict ... do nothing`. */
    suffix?: string;
    /** A lower bound than the parameter limit, for rows whose values are large. */
    rowsPerStatement?: number;
  },
): Promise<void> {
  const { into, columnTypes, rows, suffix } = input;
  const byParameters = Math.floor(maxParametersPerStatement / columnTypes.length);
  const perStatement = Math.max(1, Math.min(byParameters, input.rowsPerStatement ?? byParameters));
  for (let start = 0; start < rows.length; start += perStatement) {
    const slice = rows.slice(start, start + perStatement);
    await executor.query(
      `insert into ${into} values ${valuePlaceholders(slice.length, columnTypes)}${suffix ? ` ${suffix}` : ""}`,
      slice.flat(),
    );
  }
}
