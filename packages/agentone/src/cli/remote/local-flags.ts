import { UsageError } from "../../core/errors/index.js";
import type { ClockChoice } from "../cli-runtime.js";

/**
 * Refuses, in remote mode, the flags that configure a local runtime: the server runs the run with its own
 * configuration and clock, so they would be silently ignored.
 */
export function assertLocalFlagsUnused(flags: { clock: ClockChoice; config?: string | undefined }): void {
  const used = [
    ...(flags.config === undefined ? [] : ["--config"]),
    ...(flags.clock === "auto" ? [] : ["--clock"]),
  ];
  if (used.length > 0)
    throw new UsageError(
      `${used.join(" and ")} configure a local run; with AGENTONE_URL set the server runs it with its own configuration`,
    );
}
