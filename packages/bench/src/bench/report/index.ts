export { bootstrapMeanInterval, type MeanInterval } from "./bootstrap-interval.js";
export { type ReportChart, reportCharts, type VegaLiteSpec } from "./chart-specs.js";
export { type ParetoPoint, paretoFront } from "./pareto-front.js";
export { renderSvg } from "./render-svg.js";
export { renderReportMarkdown, simulatedNote } from "./report-markdown.js";
export {
  type PolicySummary,
  seriesNames,
  seriesOf,
  summarizeByPolicy,
  summarizeByTask,
  type TaskCell,
} from "./summarize-results.js";
export { type ProportionInterval, wilsonInterval, z95 } from "./wilson-interval.js";
export { writeBenchReport } from "./write-report.js";
