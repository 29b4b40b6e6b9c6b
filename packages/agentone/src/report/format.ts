/** Formatting for people: durations, counts, and fixed-width columns. */

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, "0")}s`;
}

// Built once: `toLocaleString` builds a formatter (and loads its locale data) on every call, which was a
// visible share of a run's CPU; the output is the same. Built at the first count, not at import: loading
// the locale data took about 20 ms of every command's start, `--help` included.
let countFormat: Intl.NumberFormat | undefined;

export function formatCount(value: number): string {
  countFormat ??= new Intl.NumberFormat("en-US");
  return countFormat.format(value);
}

/**
 * A count with its noun, singular for exactly one: `plural(1, "tool call")` is "1 tool call",
 * `plural(3, "retry", "retries")` is "3 retries". The one helper every count in CLI and report output uses.
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

/** Lays out rows as left-aligned columns separated by two spaces. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [index, cell] of row.entries()) widths[index] = Math.max(widths[index] ?? 0, cell.length);
  }
  return rows.map((row) =>
    row
      .map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}
