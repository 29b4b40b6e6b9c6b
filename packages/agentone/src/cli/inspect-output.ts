import { formatUsd, nanoToUsd } from "../budget/money.js";
import type { RunEvent } from "../core/events/run-event.js";
import { foldRunState } from "../core/run-state/fold-run-state.js";
import { plural, table } from "../report/format.js";
import { buildProvenanceReport } from "../report/provenance-report.js";
import { renderProvenance } from "../report/render-provenance.js";
import type { CliIo } from "./cli-io.js";

// The printers of `runs`, `show` and `events`, shared by the local commands (reading the store) and the
// remote ones (reading the API), so both print the same thing.

/** One row of `agentone runs`. */
export interface RunRow {
  id: string;
  status: string;
  outcome: string | null;
  costUsd: number;
  createdAt: string;
  goal: string;
}

/** The table of `agentone runs`. */
export function printRunsTable(io: CliIo, runs: readonly RunRow[]): void {
  const rows = runs.map((run) => [
    run.id,
    run.status,
    run.outcome ?? "",
    formatUsd(run.costUsd),
    run.createdAt.slice(0, 19).replace("T", " "),
    run.goal.replace(/\s+/g, " ").slice(0, 50),
  ]);
  io.stdout.write(
    `${table([["run", "status", "outcome", "cost", "created", "goal"], ...rows]).join("\n")}\n`,
  );
}

/** One line of `agentone events` (or the event as JSON). */
export function formatEventLine(event: RunEvent, json: boolean): string {
  return json
    ? `${JSON.stringify(event)}\n`
    : `${String(event.seq).padStart(4)}  ${event.at}  ${event.type.padEnd(16)}  ${describeEvent(event)}\n`;
}

/** One line describing an event, for `agentone events`. */
export function describeEvent(event: RunEvent): string {
  switch (event.type) {
    case "run-start":
      return `goal: ${event.goal.slice(0, 80)}`;
    case "run-transition":
      return `${event.from} → ${event.to} (${event.reason})`;
    case "step-start":
      return `step ${event.step} ${event.kind} on ${event.decision.model} (${event.decision.reason})`;
    case "model-call-end":
      return `step ${event.step}${event.nested ? ` ${event.nested.tool} call ${event.nested.index + 1}` : ""} ${event.modelVersion}: ${event.usage.inputTokens + event.usage.cachedInputTokens}+${plural(event.usage.outputTokens, "token")}, ${formatUsd(nanoToUsd(event.costNanoUsd))}, ${plural(event.toolCalls.length, "tool call")}`;
    case "tool-call":
      return `step ${event.step} ${event.tool} ${event.arguments.slice(0, 80)}`;
    case "tool-result":
      return `step ${event.step} ${event.tool} ${event.isError ? "error" : "ok"}: ${event.output.split("\n")[0]?.slice(0, 80) ?? ""}`;
    case "run-end":
      return `${event.status} (${event.outcome}): ${event.terminationReason}`;
    default:
      return "step" in event ? `step ${event.step}` : "";
  }
}

/** `agentone show`: the run folded from its events (status, budget, usage, answer), or its provenance. */
export function printShow(
  io: CliIo,
  runId: string,
  events: readonly RunEvent[],
  flags: { json: boolean; provenance: boolean },
): void {
  const state = foldRunState(events);
  if (flags.provenance) {
    const provenance = buildProvenanceReport(events);
    io.stdout.write(
      flags.json
        ? `${JSON.stringify({ runId, ...provenance }, null, 2)}\n`
        : `Run ${runId}\n${renderProvenance(provenance)}`,
    );
    return;
  }
  const summary = {
    runId,
    goal: state.goal,
    workspace: state.workspace,
    status: state.status,
    outcome: state.outcome,
    terminationReason: state.terminationReason,
    limits: state.limits,
    usage: { ...state.usage, usd: nanoToUsd(state.usage.nanoUsd) },
    steps: state.lastStep,
    answer: state.answer,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
  };
  if (flags.json) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    const lines = [
      `Run ${runId}`,
      `status: ${state.status}${state.outcome ? ` (${state.outcome})` : ""}${state.terminationReason ? `, ${state.terminationReason}` : ""}`,
      `goal: ${state.goal}`,
      `workspace: ${state.workspace}`,
      `limits: ${JSON.stringify(state.limits)}`,
      `spent: ${formatUsd(nanoToUsd(state.usage.nanoUsd))}, ${plural(state.usage.inputTokens + state.usage.outputTokens, "token")}, ${plural(state.usage.steps, "step")}, ${plural(state.usage.modelCalls, "model call")}, ${plural(state.usage.toolCalls, "tool call")}, ${plural(state.usage.retries, "retry", "retries")}`,
    ];
    if (state.answer) lines.push("", state.answer);
    io.stdout.write(`${lines.join("\n")}\n`);
  }
}
