/**
 * A Markdown table: a header row, an alignment row (numbers right-aligned), then the rows. Pipes in cells
 * are escaped.
 *
 * @example
 * ```ts
 * markdownTable({ header: ["Policy", "Runs"], rows: [["agentone", "18"]], numeric: [1] });
 * // "| Policy | Runs |\n| --- | ---: |\n| agentone | 18 |"
 * ```
 */
export function markdownTable(input: {
  header: readonly string[];
  rows: readonly (readonly string[])[];
  /** Columns aligned right (by index); the rest left. */
  numeric?: readonly number[];
}): string {
  const escapeCell = (cell: string) => cell.replaceAll("|", "\\|");
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(" | ")} |`;
  const align = input.header.map((_, index) => (input.numeric?.includes(index) ? "---:" : "---"));
  return [line(input.header), `| ${align.join(" | ")} |`, ...input.rows.map(line)].join("\n");
}

/** Dollars with four decimals (the bench's costs are cents and below). */
export const usd = (value: number) => `$${value.toFixed(4)}`;

/** A rate as a whole percentage. */
export const percent = (value: number) => `${Math.round(value * 100)}%`;

/** Seconds with one decimal, from milliseconds. */
export const seconds = (milliseconds: number) => `${(milliseconds / 1000).toFixed(1)} s`;

/** A value and its interval: `0.0123 [0.0100, 0.0150]`. */
export const withInterval = (format: (value: number) => string, value: { low: number; high: number }) =>
  `[${format(value.low)}, ${format(value.high)}]`;
