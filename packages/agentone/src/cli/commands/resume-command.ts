import type { Command } from "commander";
import { NotFoundError } from "../../core/errors/index.js";
import type { ResumeInput } from "../../engine/lifecycle/resume-run.js";
import type { CliIo } from "../cli-io.js";
import type { ClockChoice } from "../cli-runtime.js";
import { noStoreYet } from "../cli-store.js";
import { parseAmount, parseClock, parseCount } from "../parse-values.js";
import type { createProgressPrinter } from "../progress-printer.js";
import { assertLocalFlagsUnused } from "../remote/local-flags.js";
import { remoteTarget } from "../remote/remote-target.js";

interface ResumeFlags {
  addUsd?: number;
  addTokens?: number;
  addSteps?: number;
  addToolCalls?: number;
  addModelCalls?: number;
  addRetries?: number;
  addSeconds?: number;
  input?: string;
  clock: ClockChoice;
  config?: string;
  json: boolean;
}

function additions(flags: ResumeFlags): NonNullable<ResumeInput["add"]> {
  const add: NonNullable<ResumeInput["add"]> = {};
  if (flags.addUsd !== undefined) add.usd = flags.addUsd;
  if (flags.addTokens !== undefined) add.tokens = flags.addTokens;
  if (flags.addSteps !== undefined) add.steps = flags.addSteps;
  if (flags.addToolCalls !== undefined) add.toolCalls = flags.addToolCalls;
  if (flags.addModelCalls !== undefined) add.modelCalls = flags.addModelCalls;
  if (flags.addRetries !== undefined) add.retries = flags.addRetries;
  if (flags.addSeconds !== undefined) add.wallClockMs = flags.addSeconds * 1000;
  return add;
}

export function registerResumeCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): void {
  program
    .command("resume")
    .description("continue a run that waits for input, with more budget and/or an instruction")
    .argument("<run>", "run id or a unique prefix of it")
    .option("--add-usd <dollars>", "add to the dollar budget", parseAmount)
    .option("--add-tokens <n>", "add to the token budget", parseCount)
    .option("--add-steps <n>", "add to the step budget", parseCount)
    .option("--add-tool-calls <n>", "add to the tool-call budget", parseCount)
    .option("--add-model-calls <n>", "add to the model-call budget", parseCount)
    .option("--add-retries <n>", "add to the retry budget", parseCount)
    .option("--add-seconds <n>", "add to the wall-clock budget", parseCount)
    .option("--input <text>", "an instruction for the agent")
    .option("--clock <kind>", "auto, real or virtual (as for run)", parseClock, "auto")
    .option("--config <file>", "configuration file (default: ./agentone.yaml, or $AGENTONE_CONFIG)")
    .option("--json", "print the report as one JSON document", false)
    .action(async (run: string, flags: ResumeFlags) => {
      const remote = remoteTarget(io);
      if (remote) {
        assertLocalFlagsUnused(flags);
        const { remoteResume } = await import("../remote/remote-continue.js");
        const add = additions(flags);
        const body = {
          ...(flags.input === undefined ? {} : { input: flags.input }),
          ...(Object.keys(add).length === 0 ? {} : { add }),
        };
        setExitCode(await remoteResume(io, remote, { run, body, json: flags.json }));
        return;
      }
      if (await noStoreYet(io)) throw new NotFoundError("run", run);
      // Loaded here, not at the top: `agentone --help` and the other commands do not pay for the engine.
      const [{ resumeRun }, { printResultOrWait }, { openCliRuntime }, { killOnInterrupt }, printer] =
        await Promise.all([
          import("../../engine/lifecycle/resume-run.js"),
          import("../approval-wait-output.js"),
          import("../cli-runtime.js"),
          import("../interrupt.js"),
          import("../progress-printer.js"),
        ]);
      let progress: ReturnType<typeof createProgressPrinter> | null = null;
      const runtime = await openCliRuntime(io, {
        clock: flags.clock,
        mountMcp: true,
        ...(flags.config ? { configPath: flags.config } : {}),
        onEvent: (event) => progress?.(event),
      });
      try {
        const runId = await runtime.store.resolveRunId(run);
        const write = (line: string) => (flags.json ? io.stderr : io.stdout).write(`${line}\n`);
        progress = printer.createProgressPrinter(write, await runtime.store.readEvents(runId));
        const stopHandling = killOnInterrupt(io, { killSwitch: runtime.killSwitch, runId: () => runId });
        try {
          const result = await resumeRun(runtime, runId, {
            add: additions(flags),
            ...(flags.input === undefined ? {} : { input: flags.input }),
          });
          setExitCode(await printResultOrWait(io, { runtime, result, json: flags.json }));
        } finally {
          stopHandling();
        }
      } finally {
        await runtime.close();
      }
    });
}
