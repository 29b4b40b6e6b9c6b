/**
 * Rows sent as one array per column and turned back into rows by `unnest`: the statement's text and its
 * number of parameters stay the same whatever the number of rows, so the database parses and plans it
 * once per connection (a named statement) instead of once per batch, and no batch meets the protocol's
 * limit on parameters.
 *
 * `jsonb` columns travel as `text[]` and are cast per element: the drivers' own array serialisers would
 * otherwise re-encode the canonical JSON text, and text to jsonb is an explicit cast only.
 *
 * @example
 * ```ts
 * const parameters: unknown[] = [];
 * const select = unnestRows([["a", 1], ["b", 2]], ["text", "integer"], parameters);
 * // select: "select c1, c2 from unnest($1::text[], $2::integer[]) as new_rows(c1, c2)"
 * // parameters: [["a", "b"], [1, 2]]
 * ```
 */
export function unnestRows(
  rows: readonly (readonly unknown[])[],
  columnTypes: readonly string[],
  parameters: unknown[],
): string {
  const arrays: string[] = [];
  const columns: string[] = [];
  const selected: string[] = [];
  columnTypes.forEach((type, index) => {
    parameters.push(rows.map((row) => row[index]));
    const arrayType = type === "jsonb" ? "text" : type;
    arrays.push(`$${parameters.length}::${arrayType}[]`);
    columns.push(`c${index + 1}`);
    selected.push(type === "jsonb" ? `c${index + 1}::jsonb` : `c${index + 1}`);
  });
  return `select ${selected.join(", ")} from unnest(${arrays.join(", ")}) as new_rows(${columns.join(", ")})`;
}
