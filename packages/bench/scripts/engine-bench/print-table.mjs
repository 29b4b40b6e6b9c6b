/** The report as Markdown tables, so a run's output can be pasted into a document as it is. */
import { formatMs } from "./goals.mjs";
import { median } from "./statistics.mjs";

function markdownTable(header, lines) {
  const widths = header.map((cell, column) =>
    Math.max(String(cell).length, ...lines.map((line) => String(line[column]).length)),
  );
  const render = (cells) =>
    `| ${cells.map((cell, column) => String(cell).padEnd(widths[column])).join(" | ")} |`;
  return [
    render(header),
    `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`,
    ...lines.map(render),
  ].join("\n");
}

/** Per-step wall time of every loop at every size, side by side (medians of the interleaved runs). */
export function comparisonTable(loops) {
  const sizes = Object.keys(loops.bySize).map(Number);
  const lines = loops.systems.map((system) => [
    system.label,
    ...sizes.map((size) => {
      if (system.skipped !== undefined) return "skipped";
      const figures = loops.bySize[size][system.kind];
      return figures === undefined ? "—" : formatMs(median(figures.perStepMs));
    }),
  ]);
  return markdownTable(["per step, wall", ...sizes.map((size) => `N=${size}`)], lines);
}

/** Every row with its goal and status. */
export function goalsTable(rows) {
  return markdownTable(
    ["section", "measure", "system", "N", "value", "goal", "status"],
    rows.map((row) => [row.section, row.measure, row.system, row.n ?? "", row.display, row.goal, row.status]),
  );
}
