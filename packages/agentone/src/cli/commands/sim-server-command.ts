import type { Command } from "commander";
import { loadOptionalPackage } from "../../config/load-optional-package.js";
import type { CliIo } from "../cli-io.js";
import { parseAmount, parseCount } from "../parse-values.js";

/** `agentone sim-server`'s flags, as parsed. */
export interface SimServerFlags {
  port: number;
  host: string;
  seed: number;
  timeScale: number;
  faults: string;
}

/** What the command uses from `@agentone/simulated` (declared here: that package depends on this one). */
export interface SimServerPackage {
  runSimServerCommand(io: CliIo, flags: SimServerFlags): Promise<void>;
}

/**
 * Registers `agentone sim-server`. The server itself is in `@agentone/simulated`, loaded when the command
 * runs (its absence is a ConfigError, exit code 2, naming the package).
 *
 * @example
 * ```ts
 * registerSimServerCommand(program, io); // then: agentone sim-server --port 11435
 * ```
 */
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
      const simulated = await loadOptionalPackage<SimServerPackage>("@agentone/simulated", {
        provides: "agentone sim-server",
      });
      await simulated.runSimServerCommand(io, flags);
    });
}
