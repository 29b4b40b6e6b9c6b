import { formatUsd } from "../budget/money.js";
import { plural, table } from "./format.js";
import type { ProvenanceReport } from "./provenance-report.js";

/**
 * Provenance for people (`agentone show RUN --provenance`): the models with their exact versions,
 * backends and endpoints, the tools, and where cached answers came from.
 *
 * @example
 * ```ts
 * process.stdout.write(renderProvenance(buildProvenanceReport(events)));
 * ```
 */
export function renderProvenance(provenance: ProvenanceReport): string {
  const lines: string[] = [];
  if (provenance.forkedFrom)
    lines.push(
      `Forked from ${provenance.forkedFrom.runId} at step ${provenance.forkedFrom.step}: ${plural(provenance.forkedFrom.inheritedEvents, "event")} inherited, not executed again (${formatUsd(provenance.inheritedUsd)} of this run's cost was spent by the parent)`,
    );
  else if (provenance.parentRunId) lines.push(`Parent run: ${provenance.parentRunId}`);
  lines.push(`Seed ${provenance.seed}, temperature ${provenance.temperature}`);
  lines.push("", "Models");
  if (provenance.models.length === 0) lines.push("  (none)");
  else
    lines.push(
      ...table([
        ["model", "backend", "versions", "base URL", "calls", "cached", "simulated"],
        ...provenance.models.map((model) => [
          model.model,
          model.backend,
          model.versions.join(", "),
          model.baseUrls.join(", ") || "(in process)",
          String(model.calls),
          String(model.cachedAnswers),
          model.simulated ? "yes" : "no",
        ]),
      ]).map((line) => `  ${line}`),
    );
  lines.push("", "Tools");
  if (provenance.tools.length === 0) lines.push("  (none)");
  else
    lines.push(
      ...table([
        ["tool", "calls", "errors", "cached"],
        ...provenance.tools.map((tool) => [
          tool.tool,
          String(tool.calls),
          String(tool.errors),
          String(tool.cacheHits),
        ]),
      ]).map((line) => `  ${line}`),
    );
  if (provenance.cacheHits.length > 0) {
    lines.push("", "Cached answers");
    for (const hit of provenance.cacheHits)
      lines.push(
        `  step ${hit.step}: ${hit.layer === "plan" ? "plan reused" : "response cache"}, from ${hit.sourceRunId ?? "?"} step ${hit.sourceStep ?? "?"}`,
      );
  }
  return `${lines.join("\n")}\n`;
}
