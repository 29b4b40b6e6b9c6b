import type { Command } from "commander";
import { nanoToUsd } from "../../budget/money.js";
import { NotFoundError } from "../../core/errors/index.js";
import type { Store } from "../../store/store.js";
import type { CliIo } from "../cli-io.js";
import { noStoreYet, openCliStore } from "../cli-store.js";
import { remoteTarget } from "../remote/remote-target.js";

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

/** With `AGENTONE_URL` set, the commands read the server's API (loaded only then) instead of the store. */
const loadRemote = () => import("../remote/remote-inspect.js");
/** The printing and the report, loaded by the command that prints, not by every start (`--help`). */
const loadOutput = () => import("../inspect-output.js");
const loadReport = async () => {
  const [{ buildReport }, { renderReport }] = await Promise.all([
    import("../../report/build-report.js"),
    import("../../report/render-report.js"),
  ]);
  return { buildReport, renderReport };
};

export function registerInspectCommands(program: Command, io: CliIo): void {
  program
    .command("runs")
    .description("list recent runs")
    .option("--limit <n>", "how many", (value) => Number.parseInt(value, 10), 20)
    .option("--json", "print JSON", false)
    .action(async (flags: { limit: number; json: boolean }) => {
      const remote = remoteTarget(io);
      if (remote) return (await loadRemote()).remoteRuns(io, remote, flags);
      if (await noStoreYet(io)) {
        io.stdout.write(flags.json ? "[]\n" : "No runs yet.\n");
        return;
      }
      const { printRunsTable } = await loadOutput();
      const store = await openCliStore(io);
      try {
        const runs = await store.listRuns({ limit: flags.limit });
        if (flags.json) io.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
        else if (runs.length === 0) io.stdout.write("No runs yet.\n");
        else
          printRunsTable(
            io,
            runs.map((run) => ({ ...run, costUsd: nanoToUsd(run.costNanoUsd) })),
          );
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
      const remote = remoteTarget(io);
      if (remote) return (await loadRemote()).remoteShow(io, remote, run, flags);
      await withRun(io, run, async (store, runId) => {
        const { printShow } = await loadOutput();
        printShow(io, runId, await store.readEvents(runId), flags);
      });
    });

  program
    .command("events")
    .description("print a run's event log")
    .argument("<run>", "run id or a unique prefix of it")
    .option("--json", "print one JSON event per line", false)
    .action(async (run: string, flags: { json: boolean }) => {
      const remote = remoteTarget(io);
      if (remote) return (await loadRemote()).remoteEvents(io, remote, run, flags);
      const { formatEventLine } = await loadOutput();
      await withRun(io, run, async (store, runId) => {
        for (const event of await store.readEvents(runId))
          io.stdout.write(formatEventLine(event, flags.json));
      });
    });

  program
    .command("report")
    .description("print a run's report")
    .argument("<run>", "run id or a unique prefix of it")
    .option("--json", "print the report as JSON", false)
    .action(async (run: string, flags: { json: boolean }) => {
      const remote = remoteTarget(io);
      if (remote) return (await loadRemote()).remoteReport(io, remote, run, flags);
      const { buildReport, renderReport } = await loadReport();
      await withRun(io, run, async (store, runId) => {
        const report = buildReport(await store.readEvents(runId));
        io.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report));
      });
    });
}
