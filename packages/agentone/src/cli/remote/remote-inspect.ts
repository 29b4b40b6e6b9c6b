import { renderReport } from "../../report/render-report.js";
import type { RunReport } from "../../report/run-report.js";
import type { CliIo } from "../cli-io.js";
import { formatEventLine, printRunsTable, printShow } from "../inspect-output.js";
import { withRemote } from "./remote-session.js";
import type { RemoteTarget } from "./remote-target.js";

// `runs`, `show`, `events` and `report` against `agentone serve`: the same printers as the local commands,
// fed from the API. `runs --json` prints the API's run summaries (its own shape: costUsd, links).

export function remoteRuns(io: CliIo, target: RemoteTarget, flags: { limit: number; json: boolean }) {
  return withRemote(target, async ({ client }) => {
    const runs = [];
    for await (const run of client.allRuns({ limit: Math.min(Math.max(flags.limit, 1), 200) })) {
      if (runs.length >= flags.limit) break;
      runs.push(run);
    }
    if (flags.json) io.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
    else if (runs.length === 0) io.stdout.write("No runs yet.\n");
    else printRunsTable(io, runs);
  });
}

export function remoteShow(
  io: CliIo,
  target: RemoteTarget,
  idOrPrefix: string,
  flags: { json: boolean; provenance: boolean },
) {
  return withRemote(target, async ({ client, resolveRunId }) => {
    const runId = await resolveRunId(idOrPrefix);
    printShow(io, runId, (await client.events(runId)).events, flags);
  });
}

export function remoteEvents(io: CliIo, target: RemoteTarget, idOrPrefix: string, flags: { json: boolean }) {
  return withRemote(target, async ({ client, resolveRunId }) => {
    const runId = await resolveRunId(idOrPrefix);
    for (const event of (await client.events(runId)).events)
      io.stdout.write(formatEventLine(event, flags.json));
  });
}

export function remoteReport(io: CliIo, target: RemoteTarget, idOrPrefix: string, flags: { json: boolean }) {
  return withRemote(target, async ({ client, resolveRunId }) => {
    const runId = await resolveRunId(idOrPrefix);
    // The server builds the report with the same function as `agentone report`, from the same events.
    const report = (await client.report(runId)) as unknown as RunReport;
    io.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report));
  });
}
