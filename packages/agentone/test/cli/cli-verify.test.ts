import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunReport } from "../../src/report/run-report.js";
import { PgliteExecutor } from "../../src/store/pglite/pglite-executor.js";
import { cliHarness } from "../support/cli-harness.js";

let cli: Awaited<ReturnType<typeof cliHarness>>;
beforeAll(async () => {
  cli = await cliHarness();
});
afterAll(async () => {
  await cli.cleanup();
});

/**
 * The attack from the hardening review: with triggers bypassed, the last model call's settlement is made
 * cheaper in the event, the ledger and the run row alike, so the report shows less than was spent.
 */
async function cheapenLastSettlement(home: string, runId: string): Promise<number> {
  const executor = new PgliteExecutor(await PGlite.create({ dataDir: join(home, "store") }));
  try {
    const [row] = await executor.query<{ seq: number; payload: { actual: { nanoUsd: number } } }>(
      "select seq, payload from events where run_id = $1 and type = 'budget-settle' " +
        "and payload->'actual' ? 'nanoUsd' order by seq desc limit 1",
      [runId],
    );
    if (row === undefined) throw new Error("no settlement");
    const cheaper = Math.floor(row.payload.actual.nanoUsd / 2);
    const payload = { ...row.payload, actual: { ...row.payload.actual, nanoUsd: cheaper } };
    const saved = row.payload.actual.nanoUsd - cheaper;
    await executor.transaction(async (transaction) => {
      await transaction.query("set local session_replication_role = replica");
      await transaction.query("update events set payload = $3::jsonb where run_id = $1 and seq = $2", [
        runId,
        row.seq,
        JSON.stringify(payload),
      ]);
      await transaction.query("update budget_ledger set nano_usd = $3 where run_id = $1 and seq = $2", [
        runId,
        row.seq,
        cheaper,
      ]);
      await transaction.query("update runs set cost_nano_usd = cost_nano_usd - $2 where id = $1", [
        runId,
        saved,
      ]);
    });
    return row.seq;
  } finally {
    await executor.close();
  }
}

describe("agentone verify", { timeout: 240_000 }, () => {
  it("passes an untouched run, and finds a consistent rewrite that replay --verify would accept", async () => {
    const ran = await cli.run("run", "--workspace", "examples/ci-failure", "--seed", "1", "--json");
    const report = JSON.parse(ran.stdout) as RunReport;
    const intact = await cli.run("verify", report.runId);
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toContain("hash chain intact");

    const seq = await cheapenLastSettlement(cli.home, report.runId);
    const shown = JSON.parse((await cli.run("show", report.runId, "--json")).stdout) as RunReport;
    expect(shown.usage.usd).toBeLessThan(report.usage.usd);

    const broken = await cli.run("verify", report.runId);
    expect(broken.code).toBe(4);
    expect(broken.stderr).toContain(`events at seq ${seq}`);
    const replayed = await cli.run("replay", report.runId, "--verify");
    expect(replayed.code).toBe(4);
    expect(replayed.stderr).toContain(`events at seq ${seq}`);
  });
});
