import type { Command } from "commander";
import { NotFoundError } from "../../core/errors/index.js";
import type { RunIntegrity } from "../../store/store.js";
import type { CliIo } from "../cli-io.js";
import { noStoreYet, openCliStore } from "../cli-store.js";
import { integrityErrorOf } from "../run-integrity.js";

function describeIntact(integrity: RunIntegrity): string {
  const { runId, events, unchainedEvents } = integrity;
  const chained = events - unchainedEvents;
  const chain =
    unchainedEvents === events
      ? `unchained: its ${events} events were written before hash chains, so their content cannot be checked`
      : unchainedEvents === 0
        ? `${events} events, hash chain intact up to the head ${integrity.headHash?.slice(0, 12) ?? ""}`
        : `${unchainedEvents} events unchained (written before hash chains), then ${chained} chained and intact`;
  return `Run ${runId}: ${chain}; payloads, budget ledger and run row agree with the events.\n`;
}

/**
 * `agentone verify RUN [--json]`: checks a run's stored history (event hash chain and head, payloads,
 * budget ledger, run row). Exit 0 when it is intact (or unchained, which it says); otherwise the
 * INTEGRITY_ERROR exit code (4), naming the first broken table and seq.
 */
export function registerVerifyCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): void {
  program
    .command("verify")
    .description("check a run's stored history: event hash chain, payloads, budget ledger and run row")
    .argument("<run>", "run id or a unique prefix of it")
    .option("--json", "print the result as one JSON document", false)
    .action(async (run: string, flags: { json: boolean }) => {
      if (await noStoreYet(io)) throw new NotFoundError("run", run);
      const store = await openCliStore(io);
      try {
        const integrity = await store.verifyRun(await store.resolveRunId(run));
        const error = integrityErrorOf(integrity);
        if (flags.json) {
          io.stdout.write(`${JSON.stringify(integrity, null, 2)}\n`);
          if (error) setExitCode(error.exitCode);
          return;
        }
        if (error) throw error;
        io.stdout.write(describeIntact(integrity));
      } finally {
        await store.close();
      }
    });
}
