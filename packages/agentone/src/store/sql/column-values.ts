import { StoreError } from "../../core/errors/index.js";

/**
 * Reads a numeric column. PostgreSQL's `pg` driver returns `bigint` columns as strings (they may exceed
 * 2^53) and PGlite as numbers; amounts here stay far below 2^53, so both become numbers.
 */
export function numberFromColumn(value: unknown, column: string): number {
  const number =
    typeof value === "number" ? value : Number(typeof value === "bigint" ? value : String(value));
  if (!Number.isFinite(number)) {
    throw new StoreError(`column ${column} holds ${String(value)}, which is not a number`);
  }
  return number;
}

/** Reads a `timestamptz` column, which both drivers return as a Date, as an ISO-8601 string. */
export function isoTimeFromColumn(value: unknown, column: string): string {
  const time = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(time.getTime())) {
    throw new StoreError(`column ${column} holds ${String(value)}, which is not a time`);
  }
  return time.toISOString();
}

/**
 * Builds `($1::text, $2::integer), ($3::text, $4::integer)` for a multi-row insert. The casts keep both
 * drivers from guessing parameter types from JavaScript values.
 */
export function valuePlaceholders(rowCount: number, columnTypes: readonly string[]): string {
  const width = columnTypes.length;
  const rows: string[] = [];
  for (let row = 0; row < rowCount; row += 1) {
    const cells = columnTypes.map((type, cell) => `$${row * width + cell + 1}::${type}`);
    rows.push(`(${cells.join(", ")})`);
  }
  return rows.join(", ");
}
