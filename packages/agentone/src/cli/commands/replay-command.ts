import type { Command } from "commander";
import { NotFoundError } from "../../core/errors/index.js";
import type { QualityLevel } from "../../core/routing-policy-schema.js";
import type { ReplayOverrides } from "../../engine/replay/replay-run.js";
import { plural } from "../../report/format.js";
import { type CliIo, exitCodes } from "../cli-io.js";
import { noStoreYet } from "../cli-store.js";
import { parseQuality } from "../parse-values.js";
import { assertRunIntact } from "../run-integrity.js";

interface ReplayFlags {
  verify: boolean;
  model?: string;
  quality?: QualityLevel;
  config?: string;
  json: boolean;
}

function overridesOf(flags: ReplayFlags): ReplayOverrides {
  return {
    ...(flags.model === undefined ? {} : { model: flags.model }),
    ...(flags.quality === undefined ? {} : { quality: flags.quality }),
  };
}

/**
 * `agentone replay RUN [--verify] [--model ID] [--quality LEVEL]`: re-runs a recorded run from its log
 * with no model called and no tool executed, in memory (nothing is written), and says whether the events
 * and the report come out the same, times and ids aside. `--verify` makes a difference exit 1.
 */
export function registerReplayCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): void {
  program
    .command("replay")
    .description("re-run a recorded run from its log (no model calls, no tool executions) and compare")
    .argument("<run>", "run id or a unique prefix of it")
    .option("--verify", "exit 1 unless the replay reproduces the recorded events and report exactly", false)
    .option("--model <id>", "replay with this model pinned (a deliberate change: reports where it diverges)")
    .option(
      "--quality <level>",
      "replay under this quality level's policy (a deliberate change)",
      parseQuality,
    )
    .option("--config <file>", "configuration file (default: ./agentone.yaml, or $AGENTONE_CONFIG)")
    .option("--json", "print the outcome as one JSON document", false)
    .action(async (run: string, flags: ReplayFlags) => {
      if (await noStoreYet(io)) throw new NotFoundError("run", run);
      // Loaded here, not at the top: `agentone --help` and the other commands do not pay for the engine.
      const [{ loadConfig }, { replayRun }, { openCliRuntime }, checks] = await Promise.all([
        import("../../config/load-config.js"),
        import("../../engine/replay/replay-run.js"),
        import("../cli-runtime.js"),
        import("../replay-comparison.js"),
      ]);
      const { assertReplayable, buildReport, describeDivergence, reportDifference } = checks;
      const config = await loadConfig({
        cwd: io.cwd,
        env: io.env,
        ...(flags.config ? { path: flags.config } : {}),
      });
      const runtime = await openCliRuntime(io, {
        clock: "virtual",
        pinnedModel: flags.model ?? null,
        ...(flags.config ? { configPath: flags.config } : {}),
      });
      try {
        const runId = await runtime.store.resolveRunId(run);
        // A replay that matches a rewritten log proves nothing: the log must be the one that was written.
        await assertRunIntact(runtime.store, runId);
        const events = await runtime.store.readEvents(runId);
        assertReplayable(runId, events);
        const replay = await replayRun({
          events,
          base: runtime,
          circuitBreaker: config.circuitBreaker,
          overrides: overridesOf(flags),
        });
        const divergence = replay.divergence ? describeDivergence(replay.divergence) : null;
        const reportMismatch = reportDifference(buildReport(events), replay);
        const matches = divergence === null && reportMismatch === null && replay.error === null;
        if (flags.json)
          io.stdout.write(
            `${JSON.stringify(
              {
                runId,
                events: replay.events.length,
                served: replay.served,
                matches,
                divergence: replay.divergence,
                reportDifference: reportMismatch,
                error: replay.error === null ? null : String(replay.error),
              },
              null,
              2,
            )}\n`,
          );
        else {
          io.stdout.write(
            `Replayed run ${runId}: ${plural(replay.events.length, "event")}; ${plural(replay.served.modelCalls, "model call")} and ${plural(replay.served.toolCalls, "tool call")} answered from the recording (nothing called or executed).\n`,
          );
          if (matches)
            io.stdout.write("The replay matches the recording: events and report, times and ids aside.\n");
          else
            io.stdout.write(`The replay diverges: ${divergence ?? reportMismatch ?? String(replay.error)}\n`);
        }
        if (!matches && flags.verify) {
          io.stderr.write(
            `agentone: replay of ${runId} diverged: ${divergence ?? reportMismatch ?? String(replay.error)}\n`,
          );
          setExitCode(exitCodes.failed);
        }
      } finally {
        await runtime.close();
      }
    });
}
