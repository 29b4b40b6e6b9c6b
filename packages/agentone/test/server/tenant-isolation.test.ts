import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, postgresUnreachable, type ServerUnderTest, startTestServer } from "./server-harness.js";

const postgresSkip = await postgresUnreachable();
const kinds = postgresSkip && !process.env.CI ? (["pglite"] as const) : (["pglite", "postgres"] as const);

interface Operation {
  method: string;
  path: string;
}

/** Every operation of the OpenAPI document under /v1. */
async function operations(target: ServerUnderTest): Promise<Operation[]> {
  const { body } = await call(target, "/openapi.json", { key: null });
  return Object.entries(body.paths as Record<string, Record<string, unknown>>)
    .filter(([path]) => path.startsWith("/v1/"))
    .flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
    );
}

describe.each(kinds)("tenant isolation and bad input on %s", (kind) => {
  let target: ServerUnderTest;
  let runId: string;
  let callId: string;

  beforeAll(async () => {
    target = await startTestServer(kind);
    // Alpha's run waits for approval: every route has something to act on.
    const created = await call(target, "/v1/runs?wait=30", {
      body: { goal: "ship it [deploy]", workspace: target.workspace },
    });
    runId = created.body.run.id;
    expect(created.body.run.status).toBe("awaiting_approval");
    callId =
      (await target.context.store.readEvents(runId)).flatMap((event) =>
        event.type === "approval-request" ? [event.callId] : [],
      )[0] ?? "";
  });

  afterAll(async () => {
    await target.close();
  });

  const concrete = (path: string) => path.replace("{id}", runId).replace("{callId}", callId);

  it("answers every route about another tenant's run with 404, the same as for no run, and writes nothing", async () => {
    const before = await target.context.store.readEvents(runId);
    const withId = (await operations(target)).filter((operation) => operation.path.includes("{id}"));
    expect(withId.length).toBeGreaterThanOrEqual(8);
    for (const operation of withId) {
      const foreign = await call(target, concrete(operation.path), {
        method: operation.method,
        key: target.keys.beta,
        ...(operation.method === "POST" ? { body: {} } : {}),
      });
      const missing = await call(
        target,
        operation.path.replace("{id}", "run_doesnotexist").replace("{callId}", callId),
        {
          method: operation.method,
          key: target.keys.beta,
          ...(operation.method === "POST" ? { body: {} } : {}),
        },
      );
      expect(foreign.status, `${operation.method} ${operation.path}`).toBe(404);
      expect(foreign.body.detail.replace(runId, "ID")).toBe(
        missing.body.detail.replace("run_doesnotexist", "ID"),
      );
      expect(JSON.stringify(foreign.body)).not.toContain("ship it");
    }
    expect(await target.context.store.readEvents(runId)).toEqual(before);
    expect((await target.context.store.getRun(runId))?.status).toBe("awaiting_approval");
  });

  it("lists no foreign runs, and a member's kill switch reaches only its own tenant", async () => {
    const listed = await call(target, "/v1/runs?limit=200", { key: target.keys.beta });
    expect(listed.body.runs.map((run: { id: string }) => run.id)).not.toContain(runId);
    const killed = await call(target, "/v1/kill", { body: {}, key: target.keys.beta });
    expect(killed.body).toMatchObject({ tenant: "beta", runsKilled: 0 });
    await call(target, "/v1/kill/release", { body: {}, key: target.keys.beta });
    expect((await target.context.store.getRun(runId))?.status).toBe("awaiting_approval");
  });

  it("lets an admin see another tenant's run", async () => {
    expect((await call(target, `/v1/runs/${runId}`, { key: target.keys.admin })).body.tenant).toBe("alpha");
  });

  it("answers malformed JSON and unknown fields on every POST route with one problem naming them, writing nothing", async () => {
    const before = await target.context.store.readEvents(runId);
    const runsBefore = await target.context.store.listRuns({ limit: 200 });
    const posts = (await operations(target)).filter((operation) => operation.method === "POST");
    expect(posts.length).toBeGreaterThanOrEqual(7);
    for (const operation of posts) {
      const where = `${operation.method} ${operation.path}`;
      const malformed = await call(target, concrete(operation.path), { method: "POST", body: "{ nope" });
      expect(malformed.status, where).toBe(400);
      expect(malformed.headers.get("content-type"), where).toBe("application/problem+json");
      expect(malformed.body.code, where).toBe("REQUEST_INVALID");
      const unknown = await call(target, concrete(operation.path), {
        method: "POST",
        body: { surprise: true },
      });
      expect(unknown.status, where).toBe(400);
      expect(unknown.body.errors, where).toContainEqual({
        path: "body.surprise",
        message: "unknown field 'surprise'",
      });
      const wrongType = await call(target, concrete(operation.path), { method: "POST", body: [1, 2] });
      expect(wrongType.status, where).toBe(400);
    }
    expect(await target.context.store.readEvents(runId)).toEqual(before);
    expect(await target.context.store.listRuns({ limit: 200 })).toEqual(runsBefore);
  });
});
