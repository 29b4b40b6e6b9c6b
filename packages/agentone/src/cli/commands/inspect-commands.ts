import type { Command } from "commander";
import { formatUsd, nanoToUsd } from "../../budget/money.js";
import { NotFoundError } from "../../core/errors/index.js";
import type { RunEvent } from "../../core/events/run-event.js";
import { foldRunState } from "../../core/run-state/fold-run-state.js";
import { buildReport } from "../../report/build-report.js";
import { plural, table } from "../../report/format.js";
import { buildProvenanceReport } from "../../report/provenance-report.js";
import { renderProvenance } from "../../report/render-provenance.js";
import { renderReport } from "../../report/render-report.js";
import type { Store } from "../../store/store.js";
import type { CliIo } from "../cli-io.js";
import { noStoreYet, openCliStore } from "../cli-store.js";

/** Opens the store for reading; a missing store means the run cannot exist (and none is created). */
async function withRun<T>(
  io: CliIo,
  idOrPrefix: string,
  work: (store: Store, runId: string) => Promise<T>,
): Promise<T> {
  if (await noStoreYet(io)) throw new NotFoundError("run", idOrPrefix);
  const store = await openCliStore(io);
  try {
    return await work(store, await store.resolveRunId(idOrPrefix));
  } finally {
    await store.close();
  }
}

/** One line describing an event, for `agentone events`. */
function describeEvent(event: RunEvent): string {
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

export function registerInspectCommands(program: Command, io: CliIo): void {
  program
    .command("runs")
    .description("list recent runs")
    .option("--limit <n>", "how many", (value) => Number.parseInt(value, 10), 20)
    .option("--json", "print JSON", false)
    .action(async (flags: { limit: number; json: boolean }) => {
      if (await noStoreYet(io)) {
        io.stdout.write(flags.json ? "[]\n" : "No runs yet.\n");
        return;
      }
      const store = await openCliStore(io);
      try {
        const runs = await store.listRuns({ limit: flags.limit });
        if (flags.json) io.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
        else if (runs.length === 0) io.stdout.write("No runs yet.\n");
        else {
          const rows = runs.map((run) => [
            run.id,
            run.status,
            run.outcome ?? "",
            formatUsd(nanoToUsd(run.costNanoUsd)),
            run.createdAt.slice(0, 19).replace("T", " "),
            run.goal.replace(/\s+/g, " ").slice(0, 50),
          ]);
          io.stdout.write(
            `${table([["run", "status", "outcome", "cost", "created", "goal"], ...rows]).join("\n")}\n`,
          );
        }
      } finally {
        await store.close();
      }
    });

  program
    .command("show")
    .description("show a run: status, budget, usage and answer")
    .argument("<run>", "run id or a unique prefix of it")
    .option("--json", "print JSON", false)
    .option(
      "--provenance",
      "list the models (versions, backends, base URLs), tools and cached answers",
      false,
    )
    .action(async (run: string, flags: { json: boolean; provenance: boolean }) => {
      await withRun(io, run, async (store, runId) => {
        const events = await store.readEvents(runId);
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
      });
    });

  program
    .command("events")
    .description("print a run's event log")
    .argument("<run>", "run id or a unique prefix of it")
    .option("--json", "print one JSON event per line", false)
    .action(async (run: string, flags: { json: boolean }) => {
      await withRun(io, run, async (store, runId) => {
        for (const event of await store.readEvents(runId)) {
          io.stdout.write(
            flags.json
              ? `${JSON.stringify(event)}\n`
              : `${String(event.seq).padStart(4)}  ${event.at}  ${event.type.padEnd(16)}  ${describeEvent(event)}\n`,
          );
        }
      });
    });

  program
    .command("report")
    .description("print a run's report")
    .argument("<run>", "run id or a unique prefix of it")
    .option("--json", "print the report as JSON", false)
    .action(async (run: string, flags: { json: boolean }) => {
      await withRun(io, run, async (store, runId) => {
        const report = buildReport(await store.readEvents(runId));
        io.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report));
      });
    });
}
