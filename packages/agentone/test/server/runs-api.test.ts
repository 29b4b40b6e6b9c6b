import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, postgresUnreachable, type ServerUnderTest, startTestServer } from "./server-harness.js";
import { readEventStream } from "./sse-client.js";

const postgresSkip = await postgresUnreachable();
if (postgresSkip) console.warn(`skipping the PostgreSQL server tests: ${postgresSkip}`);
const kinds = postgresSkip && !process.env.CI ? (["pglite"] as const) : (["pglite", "postgres"] as const);

describe.each(kinds)("the runs API on %s", (kind) => {
  let target: ServerUnderTest;

  beforeAll(async () => {
    target = await startTestServer(kind);
  });

  afterAll(async () => {
    await target.close();
  });

  const create = (
    body: Record<string, unknown>,
    options: { key?: string; query?: string; headers?: Record<string, string> } = {},
  ) =>
    call(target, `/v1/runs${options.query ?? ""}`, {
      body: { workspace: target.workspace, ...body },
      ...(options.key ? { key: options.key } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
    });

  /** Waits until the run's status satisfies `done` (the run executes in the background). */
  async function until(id: string, done: (status: string) => boolean, key = target.keys.alpha) {
    for (let attempt = 0; attempt < 500; attempt += 1) {
      const { body } = await call(target, `/v1/runs/${id}`, { key });
      if (done(body.status)) return body;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`run ${id} never reached the expected status`);
  }

  it("creates a run (202 with links), executes it, and serves it, its report and its cost", async () => {
    const created = await create({
      goal: "say hello",
      limits: { usd: 1, step: { tokens: 50_000 } },
      priority: 5,
    });
    expect(created.status).toBe(202);
    const run = created.body.run;
    expect(run).toMatchObject({ tenant: "alpha", goal: "say hello", links: { self: `/v1/runs/${run.id}` } });
    expect(created.headers.get("location")).toBe(`/v1/runs/${run.id}`);
    const finished = await until(run.id, (status) => status === "completed");
    expect(finished).toMatchObject({ outcome: "complete", terminationReason: "answered" });
    const report = await call(target, `/v1/runs/${run.id}/report`);
    expect(report.body).toMatchObject({
      runId: run.id,
      status: "completed",
      answer: "done",
      reportVersion: 1,
    });
    const cost = await call(target, `/v1/runs/${run.id}/cost`);
    expect(cost.status).toBe(200);
    expect(cost.body.steps.length).toBeGreaterThanOrEqual(2);
    expect(cost.body.steps[0]).toMatchObject({
      step: 1,
      model: expect.any(String),
      inputTokens: expect.any(Number),
    });
    expect(cost.body.totalUsd).toBe(report.body.usage.usd);
  });

  it("answers with the finished report when asked to wait (?wait= and Prefer: wait=)", async () => {
    const waited = await create({ goal: "wait for me" }, { query: "?wait=30" });
    expect(waited.status).toBe(200);
    expect(waited.body.run.status).toBe("completed");
    expect(waited.body.report).toMatchObject({ status: "completed", answer: "done" });
    const preferred = await create({ goal: "prefer to wait" }, { headers: { prefer: "wait=30" } });
    expect(preferred.status).toBe(200);
    expect(preferred.headers.get("preference-applied")).toBe("wait=30");
  });

  it("returns the same run for a retried create with the same Idempotency-Key, and 422 for another body", async () => {
    const headers = { "idempotency-key": `key-${kind}-1` };
    const first = await create({ goal: "only once" }, { headers });
    const again = await create({ goal: "only once" }, { headers });
    expect(first.status).toBe(202);
    expect(again.body.run.id).toBe(first.body.run.id);
    const other = await create({ goal: "something else" }, { headers });
    expect(other.status).toBe(422);
    // Another tenant's key of the same name is its own.
    const beta = await create({ goal: "only once" }, { headers, key: target.keys.beta });
    expect(beta.body.run.id).not.toBe(first.body.run.id);
    const runs = await target.context.store.listRuns({ tenant: "alpha", limit: 200 });
    expect(runs.filter((run) => run.goal === "only once")).toHaveLength(1);
  });

  it("lists a tenant's runs newest first, by status, a page at a time", async () => {
    for (const goal of ["page one", "page two", "page three"])
      await create({ goal }, { key: target.keys.beta });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(target, `/v1/runs?limit=2${cursor ? `&cursor=${cursor}` : ""}`, {
        key: target.keys.beta,
      });
      expect(page.status).toBe(200);
      expect(page.body.runs.length).toBeLessThanOrEqual(2);
      for (const run of page.body.runs) expect(run.tenant).toBe("beta");
      seen.push(...page.body.runs.map((run: { id: string }) => run.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const stored = await target.context.store.listRuns({ tenant: "beta", limit: 200 });
    expect(seen).toEqual(stored.map((run) => run.id));
    const admin = await call(target, "/v1/runs?limit=200", { key: target.keys.admin });
    expect(new Set(admin.body.runs.map((run: { tenant: string }) => run.tenant))).toEqual(
      new Set(["alpha", "beta"]),
    );
    const completed = await call(target, "/v1/runs?status=completed&limit=200", { key: target.keys.beta });
    for (const run of completed.body.runs) expect(run.status).toBe("completed");
    expect((await call(target, "/v1/runs?cursor=garbage", { key: target.keys.beta })).status).toBe(400);
  });

  it("tails events live over SSE, and a reconnect with Last-Event-ID misses nothing", async () => {
    const created = await create({ goal: "tail me [gate:tail]" });
    const id = created.body.run.id;
    await target.gates.arrival("tail");
    const url = `${target.url}/v1/runs/${id}/events`;
    const first = await readEventStream(url, {
      key: target.keys.alpha,
      enough: (events) => events.length >= 3,
    });
    expect(first.contentType).toContain("text/event-stream");
    const lastSeen = first.events.at(-1)?.id ?? "";
    target.gates.open("tail");
    const rest = await readEventStream(url, { key: target.keys.alpha, lastEventId: lastSeen });
    const ids = [...first.events, ...rest.events].map((event) => Number(event.id));
    const stored = await target.context.store.readEvents(id);
    expect(ids).toEqual(stored.map((event) => event.seq));
    expect(rest.events.at(-1)?.event).toBe("run-end");
    expect(JSON.parse(rest.events.at(-1)?.data ?? "{}")).toEqual(JSON.parse(JSON.stringify(stored.at(-1))));
    const json = await call(target, `/v1/runs/${id}/events?after=${lastSeen}`);
    expect(json.body.events.map((event: { seq: number }) => event.seq)).toEqual(
      rest.events.map((event) => Number(event.id)),
    );
  });

  it("waits for approval, and continues once approved over HTTP; a denial is recorded with its reason", async () => {
    const waiting = await create({ goal: "ship it [deploy]" }, { query: "?wait=30" });
    expect(waiting.body.run.status).toBe("awaiting_approval");
    const id = waiting.body.run.id;
    const callId = (await target.context.store.readEvents(id)).flatMap((event) =>
      event.type === "approval-request" ? [event.callId] : [],
    )[0];
    expect((await call(target, `/v1/runs/${id}/approvals/nope/approve`, { body: {} })).status).toBe(400);
    const approved = await call(target, `/v1/runs/${id}/approvals/${callId}/approve`, {
      body: { reason: "fine" },
    });
    expect(approved.status).toBe(202);
    expect(await until(id, (status) => status === "completed")).toMatchObject({ outcome: "complete" });
    expect((await call(target, `/v1/runs/${id}/approvals/${callId}/approve`, { body: {} })).status).toBe(409);

    const other = await create({ goal: "ship again [deploy]" }, { query: "?wait=30" });
    const otherId = other.body.run.id;
    const otherCall = (await target.context.store.readEvents(otherId)).flatMap((event) =>
      event.type === "approval-request" ? [event.callId] : [],
    )[0];
    const denied = await call(target, `/v1/runs/${otherId}/approvals/${otherCall}/deny`, {
      body: { reason: "not today" },
    });
    expect(denied.status).toBe(202);
    await until(otherId, (status) => status === "completed");
    const decision = (await target.context.store.readEvents(otherId)).find(
      (event) => event.type === "approval-decision",
    );
    expect(decision).toMatchObject({ decision: "deny", reason: "not today", decidedBy: "human" });
  });

  it("resumes a run waiting for input with more budget, and refuses (409) a run that is not waiting", async () => {
    const stopped = await create(
      { goal: "needs more steps", limits: { steps: 1 }, onExhaust: ["ask-human"] },
      { query: "?wait=30" },
    );
    expect(stopped.body.run.status).toBe("awaiting_input");
    const id = stopped.body.run.id;
    const resumed = await call(target, `/v1/runs/${id}/resume`, {
      body: { add: { steps: 5 }, input: "finish up" },
    });
    expect(resumed.status).toBe(202);
    await until(id, (status) => status === "completed");
    const input = (await target.context.store.readEvents(id)).find((event) => event.type === "run-input");
    expect(input).toMatchObject({ text: "finish up", addSteps: 5 });
    const again = await call(target, `/v1/runs/${id}/resume`, { body: {} });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("CONFLICT");
  });

  it("kills a run mid-step; it ends killed, its work kept", async () => {
    const created = await create({ goal: "kill me [gate:kill]" });
    const id = created.body.run.id;
    await target.gates.arrival("kill");
    const killed = await call(target, `/v1/runs/${id}/kill`, { method: "POST" });
    expect(killed.status).toBe(200);
    expect(killed.body.result).toBe("signalled");
    target.gates.open("kill");
    expect(await until(id, (status) => status === "killed")).toMatchObject({
      terminationReason: "killed:run",
    });
    const again = await call(target, `/v1/runs/${id}/kill`, { method: "POST" });
    expect(again.body.result).toBe("already-ended");
  });

  it("turns a tenant's kill switch on for a member (its runs only), the global one for an admin only", async () => {
    const betaRun = await create({ goal: "beta keeps going [gate:beta]" }, { key: target.keys.beta });
    await target.gates.arrival("beta");
    const alphaRun = await create({ goal: "alpha stops [gate:alpha]" });
    await target.gates.arrival("alpha");
    const on = await call(target, "/v1/kill", { body: {} });
    expect(on.body).toMatchObject({ scope: "tenant", tenant: "alpha", on: true });
    expect(on.body.runsKilled).toBeGreaterThanOrEqual(1);
    target.gates.open("alpha");
    await until(alphaRun.body.run.id, (status) => status === "killed");
    expect((await create({ goal: "refused" })).status).toBe(409);
    expect((await call(target, "/v1/kill", { body: { scope: "global" } })).status).toBe(403);
    target.gates.open("beta");
    await until(betaRun.body.run.id, (status) => status === "completed", target.keys.beta);
    expect((await call(target, "/v1/kill/release", { body: {} })).body).toMatchObject({ on: false });
    expect((await create({ goal: "accepted again" })).status).toBe(202);

    expect(
      (await call(target, "/v1/kill", { body: { scope: "global" }, key: target.keys.admin })).body,
    ).toMatchObject({ scope: "global", on: true });
    expect((await create({ goal: "refused globally" }, { key: target.keys.beta })).status).toBe(409);
    expect((await call(target, "/v1/kill/release", { body: {}, key: target.keys.admin })).body).toMatchObject(
      { scope: "global", on: false },
    );
    expect((await create({ goal: "accepted globally" }, { key: target.keys.beta })).status).toBe(202);
  });
});
