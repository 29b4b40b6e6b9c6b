import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FileKillSwitch } from "../../src/engine/kill-switch/file-kill-switch.js";
import { createRun } from "../../src/engine/lifecycle/create-run.js";
import { markRunQueued } from "../../src/engine/lifecycle/queue-run.js";
import type { RunExecutor, RunJob } from "../../src/server/run-executor.js";
import { createScheduledExecutor } from "../../src/server/scheduled-executor.js";
import {
  call,
  postgresUnreachable,
  restartTestServer,
  type ServerUnderTest,
  startTestServer,
} from "./server-harness.js";

const postgresSkip = await postgresUnreachable();
const kinds = postgresSkip && !process.env.CI ? (["pglite"] as const) : (["pglite", "postgres"] as const);

/** An executor whose runs all wait for a slot that never frees: each is recorded `queued`, none starts. */
function parkedExecutor(): RunExecutor {
  return {
    async submit(job) {
      await job.onQueued?.();
      return new Promise<never>(() => {});
    },
    active: () => [],
    drain: async () => [],
  };
}

/** The server's scheduler, one run at a time, recording what it was handed in order. */
function recordingExecutor(): RunExecutor & { submitted: Pick<RunJob, "runId" | "priority">[] } {
  const inner = createScheduledExecutor({ maxRunning: 1, maxRunningPerTenant: 1, log: () => {} });
  const submitted: Pick<RunJob, "runId" | "priority">[] = [];
  return {
    submitted,
    submit(job) {
      submitted.push({ runId: job.runId, priority: job.priority });
      return inner.submit(job);
    },
    active: () => inner.active(),
    drain: (deadline) => inner.drain(deadline),
  };
}

/** Polls the run over HTTP until it has the status (runs execute in the background). */
async function statusBecomes(target: ServerUnderTest, runId: string, status: string): Promise<void> {
  let last: unknown;
  for (let attempt = 0; attempt < 1000; attempt++) {
    last = (await call(target, `/v1/runs/${runId}`, { key: target.keys.admin })).body.status;
    if (last === status) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`run ${runId} never became ${status} (it is ${String(last)})`);
}

describe.each(kinds)("a restarted server on %s", (kind) => {
  let target: ServerUnderTest | undefined;
  let home: string | undefined;

  afterEach(async () => {
    await target?.close();
    target = undefined;
    if (home) await rm(home, { recursive: true, force: true });
    home = undefined;
  });

  it("continues the runs left queued at the priority they were created with, highest first, then oldest", async () => {
    let server = await startTestServer(kind, { executor: parkedExecutor() });
    target = server;
    const create = async (goal: string, priority?: number) => {
      const created = await call(server, "/v1/runs", {
        body: { goal, workspace: server.workspace, ...(priority === undefined ? {} : { priority }) },
      });
      expect(created.status).toBe(202);
      return created.body.run.id as string;
    };
    const low = await create("low");
    const high = await create("high", 5);
    const alsoHigh = await create("also high", 5);
    const middle = await create("middle", 2);
    // A run an older server left queued without a priority (none was kept then), and a run made outside
    // the server (the CLI's): not a managed run, so not the server's to start.
    const unrecorded = await createRun(
      server.runtime,
      { goal: "queued before priorities were kept", workspace: server.workspace },
      { tenant: "alpha" },
    );
    await markRunQueued(server.runtime, unrecorded);
    const outside = await createRun(server.runtime, { goal: "made by the CLI", workspace: server.workspace });
    for (const runId of [low, high, alsoHigh, middle, unrecorded])
      await statusBecomes(server, runId, "queued");
    expect((await server.context.store.getRun(high))?.priority).toBe(5);
    expect((await server.context.store.getRun(low))?.priority).toBe(0);

    const executor = recordingExecutor();
    server = await restartTestServer(server, { executor });
    target = server;

    expect(executor.submitted).toEqual([
      { runId: high, priority: 5 },
      { runId: alsoHigh, priority: 5 },
      { runId: middle, priority: 2 },
      { runId: low, priority: 0 },
      { runId: unrecorded, priority: 0 },
    ]);
    for (const runId of [high, alsoHigh, middle, low, unrecorded])
      await statusBecomes(server, runId, "completed");
    expect((await server.context.store.getRun(outside))?.status).toBe("created");
  });

  it("still refuses a tenant and everyone after a restart while their kill switches are on, and not once released", async () => {
    home = await mkdtemp(join(tmpdir(), "agentone-restart-"));
    const homeDirectory = home;
    let server = await startTestServer(kind, { killSwitch: new FileKillSwitch(homeDirectory) });
    target = server;
    const create = (key: string) =>
      call(server, "/v1/runs", { key, body: { goal: "after the switch", workspace: server.workspace } });

    expect((await call(server, "/v1/kill", { body: {} })).body).toMatchObject({ tenant: "alpha", on: true });
    expect((await create(server.keys.alpha)).status).toBe(409);
    server = await restartTestServer(server, { killSwitch: new FileKillSwitch(homeDirectory) });
    target = server;
    const refused = await create(server.keys.alpha);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("KILL_SWITCH_TRIGGERED");
    expect((await create(server.keys.beta)).status).toBe(202);

    const global = await call(server, "/v1/kill", { body: { scope: "global" }, key: server.keys.admin });
    expect(global.body).toMatchObject({ scope: "global", on: true });
    server = await restartTestServer(server, { killSwitch: new FileKillSwitch(homeDirectory) });
    target = server;
    expect((await create(server.keys.beta)).status).toBe(409);

    expect((await call(server, "/v1/kill/release", { body: {} })).body).toMatchObject({ on: false });
    const released = await call(server, "/v1/kill/release", { body: {}, key: server.keys.admin });
    expect(released.body).toMatchObject({ scope: "global", on: false });
    server = await restartTestServer(server, { killSwitch: new FileKillSwitch(homeDirectory) });
    target = server;
    const accepted = await create(server.keys.alpha);
    expect(accepted.status).toBe(202);
    await statusBecomes(server, accepted.body.run.id, "completed");
    expect((await create(server.keys.beta)).status).toBe(202);
  });

  it("kills, when it starts, the runs a tenant whose kill switch is on still has, and starts none of them", async () => {
    let server = await startTestServer(kind, { executor: parkedExecutor() });
    target = server;
    const created = await call(server, "/v1/runs", {
      body: { goal: "left queued", workspace: server.workspace, priority: 3 },
    });
    const runId: string = created.body.run.id;
    await statusBecomes(server, runId, "queued");
    // The switch recorded, and the server gone before it killed the tenant's runs.
    await server.context.store.engageTenantKillSwitch?.({
      tenant: "alpha",
      engagedAt: new Date(0).toISOString(),
    });

    const executor = recordingExecutor();
    server = await restartTestServer(server, { executor });
    target = server;

    expect(await server.context.store.getRun(runId)).toMatchObject({
      status: "killed",
      terminationReason: "killed:run",
    });
    expect(executor.submitted).toEqual([]);
    const events = await server.context.store.readEvents(runId);
    expect(events.some((event) => event.type === "step-start")).toBe(false);
  });
});
