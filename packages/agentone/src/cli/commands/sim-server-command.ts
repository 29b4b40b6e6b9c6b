import type { Command } from "commander";
import { simulatedModels } from "../../backends/simulated/simulated-models.js";
import { loadTokenCounter } from "../../backends/token-counter.js";
import { UsageError } from "../../core/errors/index.js";
import { createSimServer, parseFaultSpec } from "../../sim-server/index.js";
import type { CliIo } from "../cli-io.js";
import { parseAmount, parseCount } from "../parse-values.js";

interface SimServerFlags {
  port: number;
  host: string;
  seed: number;
  timeScale: number;
  faults: string;
}

/** Resolves with the name of the first SIGINT or SIGTERM, and stops listening for both. */
function untilStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

export function registerSimServerCommand(program: Command, io: CliIo): void {
  program
    .command("sim-server")
    .description(
      "serve the simulated models over the OpenAI, Ollama and Anthropic wire protocols, until Ctrl-C",
    )
    .option("--port <n>", "port to listen on (0: any free port)", parseCount, 11435)
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option(
      "--seed <n>",
      "seed for faults, ids, and the seeds derived for requests without one",
      parseCount,
      0,
    )
    .option("--time-scale <x>", "real seconds per simulated second (0: answer at once)", parseAmount, 1)
    .option(
      "--faults <spec>",
      "fault rates, e.g. 429:0.1,500:0.05,503:0.05,529:0.05,timeout:0.02,cut:0.05,malformed-tool-call:0.05",
      "",
    )
    .action(async (flags: SimServerFlags) => {
      // Everything that can be wrong with the input is checked before anything starts.
      const faults = parseFaultSpec(flags.faults);
      const server = createSimServer({
        seed: flags.seed,
        timeScale: flags.timeScale,
        faults,
        tokenCounter: await loadTokenCounter(),
      });
      let running: Awaited<ReturnType<typeof server.listen>>;
      try {
        running = await server.listen(flags.port, flags.host);
      } catch (error) {
        throw new UsageError(
          `sim-server cannot listen on ${flags.host}:${flags.port}: ${(error as Error).message}`,
          { cause: error },
        );
      }
      const stopped = untilStopSignal();
      io.stdout.write(
        `sim-server listening on ${running.url} (OpenAI /v1, Ollama /api, Anthropic /v1/messages); ` +
          `simulated models: ${simulatedModels.map((model) => model.id).join(", ")}\n` +
          `seed ${flags.seed}, time scale ${flags.timeScale}, faults: ${flags.faults.trim() || "none"}\n`,
      );
      const signal = await stopped;
      await running.close();
      io.stdout.write(`sim-server stopped (${signal}).\n`);
    });
}
