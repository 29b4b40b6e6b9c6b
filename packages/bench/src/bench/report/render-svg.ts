import type { VegaLiteSpec } from "./chart-specs.js";

/**
 * Renders a Vega-Lite specification to SVG text, headless (no browser, no canvas). Vega and Vega-Lite are
 * loaded on first use, so nothing heavy is imported until a report is drawn.
 *
 * @example
 * ```ts
 * const svg = await renderSvg({ $schema: "https://vega.github.io/schema/vega-lite/v5.json",
 *   data: { values: [{ x: 1 }] }, mark: "point", encoding: { x: { field: "x", type: "quantitative" } } });
 * ```
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import("vega"), import("vega-lite")]);
  const compiled = vegaLite.compile(spec as unknown as Parameters<typeof vegaLite.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
