import type { KillRunResult } from "../../engine/lifecycle/kill-run.js";
import type { CliIo } from "../cli-io.js";
import { describeKill } from "../kill-output.js";
import { withRemote } from "./remote-session.js";
import type { RemoteTarget } from "./remote-target.js";

/**
 * `agentone kill` through the API: one run (`POST /v1/runs/{id}/kill`), or the kill switch on or off
 * (`POST /v1/kill`, `/v1/kill/release`) in the key's default scope: its tenant for a member, every run for
 * an admin.
 */
export function remoteKill(io: CliIo, target: RemoteTarget, what: { run: string } | "on" | "off") {
  return withRemote(target, async ({ client, resolveRunId }) => {
    if (what === "on" || what === "off") {
      const state = what === "on" ? await client.killAll() : await client.releaseKill();
      const scope = state.scope === "global" ? "Global" : `Tenant ${state.tenant}`;
      io.stdout.write(
        state.on
          ? `${scope} kill switch on: ${state.runsKilled === 1 ? "1 run" : `${state.runsKilled} runs`} stopped; new runs are refused. \`agentone kill --off\` re-arms.\n`
          : `${scope} kill switch off.\n`,
      );
      return;
    }
    const runId = await resolveRunId(what.run);
    const answer = await client.kill(runId);
    const result: KillRunResult =
      answer.result === "already-ended"
        ? { kind: "already-ended", status: answer.run.status }
        : { kind: answer.result };
    io.stdout.write(`${describeKill(runId, result)}\n`);
  });
}
