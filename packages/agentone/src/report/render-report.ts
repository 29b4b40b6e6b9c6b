import { formatUsd } from "../budget/money.js";
import { formatCount, formatDuration, plural, table } from "./format.js";
import type { Distribution } from "./percentiles.js";
import { renderCache } from "./render-cache.js";
import type { RunReport } from "./run-report.js";

const distribution = (label: string, value: Distribution): string[] => [
  label,
  String(value.count),
  formatDuration(value.p50),
  formatDuration(value.p90),
  formatDuration(value.p99),
  formatDuration(value.max),
];

/**
 * The human-readable run report.
 *
 * @example
 * ```ts
 * process.stdout.write(renderReport(buildReport(events)));
 * ```
 */
export function renderReport(report: RunReport): string {
  const lines: string[] = [];
  const usage = report.usage;
  lines.push(
    `Run ${report.runId}: ${report.status}${report.outcome ? ` (${report.outcome})` : ""}${report.terminationReason ? `, ${report.terminationReason}` : ""}`,
  );
  if (report.simulated)
    lines.push("Simulated models: costs and latencies below describe a simulation, not real API calls.");
  lines.push(`Goal: ${report.goal}`);
  lines.push(
    `Cost ${formatUsd(usage.usd)} · tokens ${formatCount(usage.totalTokens)} (input ${formatCount(usage.inputTokens)}, cached ${formatCount(usage.cachedInputTokens)}, output ${formatCount(usage.outputTokens)}) · ` +
      `${plural(usage.steps, "step")} · ${plural(usage.modelCalls, "model call")} · ${plural(usage.toolCalls, "tool call")} · ${plural(usage.retries, "retry", "retries")} · ${formatDuration(report.wallClockMs)}`,
  );
  if (report.costByModel.length > 0) {
    lines.push("", "Cost by model");
    lines.push(
      ...table([
        ["model", "calls", "input", "cached", "output", "cost"],
        ...report.costByModel.map((entry) => [
          entry.model,
          String(entry.calls),
          formatCount(entry.inputTokens),
          formatCount(entry.cachedInputTokens),
          formatCount(entry.outputTokens),
          formatUsd(entry.usd),
        ]),
      ]).map((line) => `  ${line}`),
    );
    for (const entry of report.costByModel)
      if (entry.estimatedUsageCalls)
        lines.push(
          `  ${entry.model}: usage of ${entry.estimatedUsageCalls} of ${entry.calls} calls estimated (the server reported none)`,
        );
  }
  if (report.costByStepKind.length > 0) {
    lines.push("", "Cost by step kind");
    lines.push(
      ...table([
        ["kind", "steps", "calls", "tokens", "cost"],
        ...report.costByStepKind.map((entry) => [
          entry.kind,
          String(entry.steps),
          String(entry.modelCalls),
          formatCount(entry.totalTokens),
          formatUsd(entry.usd),
        ]),
      ]).map((line) => `  ${line}`),
    );
  }
  lines.push(...renderCache(report.cache));
  if (report.toolCalls.total > 0) {
    lines.push("", `Tool calls: ${report.toolCalls.total} (${plural(report.toolCalls.errors, "error")})`);
    lines.push(
      ...table(
        report.toolCalls.byTool.map((entry) => [
          entry.tool,
          String(entry.calls),
          entry.errors > 0 ? plural(entry.errors, "error") : "",
        ]),
      ).map((line) => `  ${line}`),
    );
  }
  if (report.retries.total > 0) {
    lines.push("", `Retries: ${report.retries.total}`);
    for (const path of report.retries.paths) {
      // An answer cut after the server accepted the request was billed: say so, and what it was charged.
      const charged =
        path.chargedUsd === undefined
          ? ""
          : `, cut after acceptance: charged ${formatUsd(path.chargedUsd)} (estimate)`;
      lines.push(
        path.fallbackTo
          ? `  step ${path.step} · attempt ${path.attempt} on ${path.model} failed (${path.error}${charged}) → fallback to ${path.fallbackTo} (${path.reason})`
          : `  step ${path.step} · attempt ${path.attempt} on ${path.model || "?"} failed (${path.error}${charged}) → waited ${formatDuration(path.waitMs)}, retried${path.reason ? ` (${path.reason})` : ""}`,
      );
    }
  }
  if (report.downgrades.length > 0) {
    lines.push("", `Downgrades: ${report.downgrades.length}`);
    for (const downgrade of report.downgrades)
      lines.push(
        `  step ${downgrade.step} ${downgrade.kind}: ${downgrade.preferredTier} → ${downgrade.tier} (${downgrade.model}), ${downgrade.reason}`,
      );
  }
  if (report.sla.steps > 0 || report.sla.violationsPrevented > 0)
    lines.push(
      "",
      `Latency SLA: ${report.sla.met} of ${plural(report.sla.steps, "step")} met it · ${report.sla.missed} missed · ${plural(report.sla.violationsPrevented, "violation")} prevented by routing`,
    );
  for (const circuit of report.circuits)
    lines.push(`Circuit ${circuit.backend}: ${circuit.from} → ${circuit.to} at ${circuit.at}`);
  lines.push("", "Latency");
  const latencyRows = [
    ["", "n", "p50", "p90", "p99", "max"],
    distribution("model calls", report.latency.modelCalls),
  ];
  for (const [kind, value] of Object.entries(report.latency.modelCallsByStepKind))
    latencyRows.push(distribution(`  ${kind}`, value));
  latencyRows.push(distribution("steps", report.latency.steps));
  lines.push(...table(latencyRows).map((line) => `  ${line}`));
  if (report.decisions.length > 0) {
    lines.push("", "Decisions");
    lines.push(
      ...table(
        report.decisions.map((decision) => [
          `step ${decision.step}`,
          decision.kind,
          decision.model,
          decision.reason,
        ]),
      ).map((line) => `  ${line}`),
    );
  }
  for (const warning of report.budgetWarnings)
    lines.push(`Budget warning: ${warning.dimension} at ${Math.round(warning.fractionUsed * 100)}%`);
  for (const exceeded of report.budgetExceeded)
    lines.push(`Budget exhausted: ${exceeded.scope} ${exceeded.dimension} (limit ${exceeded.limit})`);
  for (const anomaly of report.usageAnomalies)
    lines.push(
      `Usage anomaly: step ${anomaly.step} ${anomaly.model || "?"} reported ${anomaly.reported} ${anomaly.kind === "output_over_max" ? "output" : "input"} tokens (at most ${anomaly.allowed} expected)`,
    );
  if (report.artifacts.changedFiles.length > 0)
    lines.push("", `Changed files: ${report.artifacts.changedFiles.join(", ")}`);
  if (report.answer)
    lines.push("", report.outcome === "partial" ? "Partial result:" : "Answer:", report.answer);
  return `${lines.join("\n")}\n`;
}
