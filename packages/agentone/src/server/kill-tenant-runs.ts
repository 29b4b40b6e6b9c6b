import { isTerminalStatus } from "../core/run-status.js";
import { killRun } from "../engine/lifecycle/kill-run.js";
import type { ServerContext } from "./server-context.js";

/**
 * Kills every run of the tenant that has not ended (its kill switch is on); returns how many it killed.
 * Runs this server executes get the kill switch and stop before their next step; the others end here.
 */
export async function killTenantRuns(context: ServerContext, tenant: string): Promise<number> {
  const { store, runtime } = context;
  let killed = 0;
  let before: { createdAt: string; id: string } | undefined;
  for (;;) {
    const page = await store.listRuns({ tenant, limit: 200, ...(before ? { before } : {}) });
    for (const run of page)
      if (!isTerminalStatus(run.status)) {
        const result = await killRun({ store, killSwitch: runtime.killSwitch, clock: runtime.clock }, run.id);
        if (result.kind !== "already-ended") killed += 1;
      }
    const last = page.at(-1);
    if (page.length < 200 || last === undefined) return killed;
    before = { createdAt: last.createdAt, id: last.id };
  }
}
