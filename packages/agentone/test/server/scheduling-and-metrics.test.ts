import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRun } from "../../src/engine/lifecycle/create-run.js";
import { markRunQueued } from "../../src/engine/lifecycle/queue-run.js";
import { createServerContext } from "../../src/server/server-context-builder.js";
import { startServer } from "../../src/server/start-server.js";
import { call, type ServerUnderTest, startTestServer } from "./server-harness.js";

/** Polls the run over HTTP until it has the status (the run executes in the background). */
async function statusBecomes(target: ServerUnderTest, runId: string, status: string): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    if ((await call(target, `/v1/runs/${runId}`)).body.status === status) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`run ${runId} never became ${status}`);
}

describe("managed runs through the scheduler, manual stepping and metrics (PGlite)", () => {
  let target: ServerUnderTest;

  beforeAll(async () => {
    target = await startTestServer("pglite", { settings: { maxRunning: 1, maxRunningPerTenant: 1 } });
  });

  afterAll(async () => {
    await target.close();
  });

  const create = (goal: string, extra: Record<string, unknown> = {}) =>
    call(target, "/v1/runs", { body: { goal, workspace: target.workspace, ...extra } });

  it("executes one run at a time, shows the others queued, and starts them by priority", async () => {
    const first = await create("first [gate:first]");
    await target.gates.arrival("first");
    const low = await create("low [gate:low]", { priority: 0 });
    const high = await create("high [gate:high]", { priority: 5 });
    await statusBecomes(target, low.body.run.id, "queued");
    await statusBecomes(target, high.body.run.id, "queued");
    const queued = await call(target, "/v1/runs?status=queued");
    expect(queued.body.runs.map((run: { id: string }) => run.id).sort()).toEqual(
      [low.body.run.id, high.body.run.id].sort(),
    );

    target.gates.open("first");
    // The higher priority goes first, though it came later; the other stays queued until it ends.
    await target.gates.arrival("high");
    expect((await call(target, `/v1/runs/${low.body.run.id}`)).body.status).toBe("queued");
    target.gates.open("high");
    await target.gates.arrival("low");
    target.gates.open("low");
    for (const run of [first, high, low]) await statusBecomes(target, run.body.run.id, "completed");
  });

  it("steps a manual run one step per request, answering with the step", async () => {
    const created = await create("step me", { stepping: "manual" });
    expect(created.status).toBe(202);
    const runId: string = created.body.run.id;
    // Nothing executes until asked.
    expect((await call(target, `/v1/runs/${runId}`)).body.status).toBe("created");
    const plan = await call(target, `/v1/runs/${runId}/step`, { body: {} });
    expect(plan.status).toBe(200);
    expect(plan.body.step).toMatchObject({ step: 1, kind: "plan", status: "ok" });
    expect(plan.body.step.modelCalls).toHaveLength(1);
    expect(plan.body.run.status).toBe("paused");
    const steps = [plan.body.step.step];
    let last = plan;
    while (last.body.run.status === "paused") {
      last = await call(target, `/v1/runs/${runId}/step`, { method: "POST" });
      expect(last.status).toBe(200);
      steps.push(last.body.step.step);
    }
    expect(steps).toEqual(steps.map((_, index) => index + 1));
    expect(last.body.run.status).toBe("completed");
    const ended = await call(target, `/v1/runs/${runId}/step`, { body: {} });
    expect(ended.status).toBe(409);
  });

  it("serves the metrics as Prometheus text to an admin and as JSON per tenant", async () => {
    const denied = await call(target, "/metrics", { key: target.keys.alpha });
    expect(denied.status).toBe(403);
    expect((await call(target, "/metrics", { key: null })).status).toBe(401);

    const text = await call(target, "/metrics", { key: target.keys.admin });
    expect(text.status).toBe(200);
    expect(text.headers.get("content-type")).toContain("text/plain");
    expect(text.body).toMatch(/agentone_runs_started_total\{tenant="alpha"\} [1-9]/);
    expect(text.body).toMatch(/agentone_runs_total\{tenant="alpha",status="completed"\} [1-9]/);
    expect(text.body).toMatch(/agentone_steps_total\{tenant="alpha",kind="plan",tier="\w+"\} [1-9]/);
    expect(text.body).toMatch(
      /agentone_http_requests_total\{method="POST",route="\/v1\/runs\/\{id\}\/step",status="200"\} [1-9]/,
    );
    expect(text.body).toContain('agentone_http_request_duration_seconds_bucket{le="0.005",method="GET"');
    expect(text.body).not.toMatch(/route="\/v1\/runs\/run_/);

    const alpha = await call(target, "/v1/metrics", { key: target.keys.alpha });
    expect(alpha.status).toBe(200);
    const started = alpha.body.metrics.find(
      (metric: { name: string }) => metric.name === "agentone_runs_started_total",
    );
    expect(started.values).toEqual([{ labels: { tenant: "alpha" }, value: 4 }]);
    const beta = await call(target, "/v1/metrics", { key: target.keys.beta });
    expect(JSON.stringify(beta.body)).not.toContain('"alpha"');
    expect(
      beta.body.metrics.some((metric: { name: string }) => metric.name.startsWith("agentone_http_")),
    ).toBe(false);
    const admin = await call(target, "/v1/metrics", { key: target.keys.admin });
    expect(
      admin.body.metrics.some((metric: { name: string }) => metric.name === "agentone_http_requests_total"),
    ).toBe(true);
  });

  it("continues, when a server starts, the runs an earlier one left queued, and leaves manual runs paused", async () => {
    const queuedId = await createRun(
      target.runtime,
      { goal: "left queued", workspace: target.workspace },
      { tenant: "alpha" },
    );
    await markRunQueued(target.runtime, queuedId);
    const manual = await create("manual", { stepping: "manual" });
    await call(target, `/v1/runs/${manual.body.run.id}/step`, { method: "POST" });
    expect((await call(target, `/v1/runs/${manual.body.run.id}`)).body.status).toBe("paused");

    const context = createServerContext({
      runtime: target.runtime,
      settings: { workspaceRoots: [target.root], bodyLimitBytes: 65536, maxWaitSeconds: 60 },
      log: () => {},
    });
    const next = await startServer(context, { host: "127.0.0.1", port: 0 });
    try {
      const second = { ...target, url: next.url };
      await statusBecomes(second, queuedId, "completed");
      expect((await call(second, `/v1/runs/${manual.body.run.id}`)).body.status).toBe("paused");
    } finally {
      await next.stop({ graceMs: 5000 });
    }
  });
});
