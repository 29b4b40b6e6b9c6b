import { loadTokenCounter, UsageError } from "agentone";
import type { CliIo, SimServerFlags } from "agentone/internal";
import { simulatedModels } from "../backends/simulated/simulated-models.js";
import { parseFaultSpec } from "./fault-spec.js";
import { createSimServer } from "./sim-server.js";

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

/**
 * `agentone sim-server` once its flags are parsed (the CLI registers the command and loads this package):
 * serves the simulated models until SIGINT or SIGTERM.
 *
 * @example
 * ```ts
 * await runSimServerCommand(io, { port: 11435, host: "127.0.0.1", seed: 0, timeScale: 1, faults: "" });
 * ```
 */
export async function runSimServerCommand(io: CliIo, flags: SimServerFlags): Promise<void> {
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
}
