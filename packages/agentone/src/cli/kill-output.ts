import type { KillRunResult } from "../engine/lifecycle/kill-run.js";

/** What `agentone kill RUN` prints, locally or through the API. */
export function describeKill(runId: string, result: KillRunResult): string {
  if (result.kind === "ended-here") return `Run ${runId} killed.`;
  if (result.kind === "already-ended") return `Run ${runId} has already ended (${result.status}).`;
  return `Kill switch set for ${runId}: the process running it stops before its next step.`;
}
