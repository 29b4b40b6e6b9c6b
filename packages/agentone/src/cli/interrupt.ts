import type { KillSwitch } from "../engine/kill-switch/kill-switch.js";
import { type CliIo, exitCodes } from "./cli-io.js";

/**
 * The first Ctrl-C stops the run the way `agentone kill` does (it ends `killed`, its work kept, exit 1);
 * the handler is then gone, so a second Ctrl-C quits at once (exit 130, as does a Ctrl-C before the run
 * has started). Returns a function that removes the handler.
 */
export function killOnInterrupt(
  io: CliIo,
  input: { killSwitch: KillSwitch; runId: () => string | null },
): () => void {
  const handler = () => {
    const runId = input.runId();
    if (!runId) process.exit(exitCodes.interrupted);
    io.stderr.write("\nInterrupted: stopping the run before its next step (Ctrl-C again to quit at once).\n");
    void input.killSwitch.trigger({ runId });
  };
  process.once("SIGINT", handler);
  return () => process.removeListener("SIGINT", handler);
}
