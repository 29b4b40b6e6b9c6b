import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AgentOneClient,
  ApiProblemError,
  type FetchFunction,
  type RunEvent,
} from "../../src/client/index.js";
import { isAgentOneError } from "../../src/core/errors/index.js";
import { problemSchema } from "../../src/core/errors/problem-body.js";
import { killSwitchStateSchema } from "../../src/server/schemas/kill-switch-schemas.js";
import { acceptedRunSchema, killResultSchema } from "../../src/server/schemas/run-action-schemas.js";
import {
  acceptedRunCreateSchema,
  runCostSchema,
  runListSchema,
  runReportSchema,
  runSummarySchema,
  stoppedRunCreateSchema,
} from "../../src/server/schemas/run-schemas.js";
import { type ServerUnderTest, startTestServer } from "../server/server-harness.js";

/**
 * The client against a real server on a loopback port (the server tests' harness: a scripted model that
 * calls the `deploy` tool, which needs approval, for a goal with `[deploy]`, and holds a goal with
 * `[gate:NAME]` in its act step until the test opens the gate). Answers are checked against the server's
 * own schemas, so the client's inferred types describe what really comes back.
 */
let target: ServerUnderTest;
let client: AgentOneClient;

beforeAll(async () => {
  target = await startTestServer("pglite");
  client = new AgentOneClient({ baseUrl: target.url, apiKey: target.keys.alpha });
});

afterAll(async () => {
  await target.close();
});

/** Every event of the run, followed live to its end. */
async function followAll(runId: string, source = client, options = {}): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  for await (const event of source.followEvents(runId, { reconnectDelayMs: 0, ...options }))
    events.push(event);
  return events;
}

/** A fetch that cuts the first event stream it carries right after its `cutAfter`th message. */
function cuttingFetch(cutAfter: number): { fetch: FetchFunction; eventRequests: Headers[] } {
  const eventRequests: Headers[] = [];
  let cut = false;
  const wrapped: FetchFunction = async (input, init) => {
    const response = await fetch(input, init);
    const headers = new Headers(init.headers);
    if (headers.get("accept") !== "text/event-stream") return response;
    eventRequests.push(headers);
    if (cut || !response.body) return response;
    cut = true;
    const upstream = response.body.getReader();
    const decoder = new TextDecoder();
    const encoder = new TextEncoder();
    let text = "";
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await upstream.read();
        if (done) return controller.close();
        text += decoder.decode(value, { stream: true });
        const ends = [...text.matchAll(/\n\n/g)];
        if (ends.length < cutAfter) return;
        const end = (ends[cutAfter - 1]?.index ?? 0) + 2;
        controller.enqueue(encoder.encode(text.slice(0, end)));
        await upstream.cancel();
        controller.error(new TypeError("terminated: the connection was reset"));
      },
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
  return { fetch: wrapped, eventRequests };
}

describe("agentone/client against a real server", () => {
  it("creates a run, follows its events to the end, and reads the run, its report and its cost", async () => {
    const created = await client.createRun({
      workspace: target.workspace,
      goal: "say hello",
      limits: { usd: 1 },
    });
    expect(acceptedRunCreateSchema.parse(created)).toEqual(created);
    expect(created.run).toMatchObject({ tenant: "alpha", goal: "say hello" });
    const events = await followAll(created.run.id);
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index));
    expect(events[0]?.type).toBe("run-start");
    expect(events.at(-1)).toMatchObject({ type: "run-end", status: "completed", answer: "done" });
    const stored = await client.events(created.run.id);
    expect(stored.events).toEqual(events);
    expect((await client.events(created.run.id, { after: 2 })).events[0]?.seq).toBe(3);

    const run = await client.getRun(created.run.id);
    expect(runSummarySchema.parse(run)).toEqual(run);
    expect(run).toMatchObject({ status: "completed", outcome: "complete" });
    const report = await client.report(run.id);
    expect(runReportSchema.parse(report)).toEqual(report);
    expect(report).toMatchObject({ runId: run.id, status: "completed", answer: "done" });
    const cost = await client.cost(run.id);
    expect(runCostSchema.parse(cost)).toEqual(cost);
    expect(cost.steps.length).toBeGreaterThanOrEqual(2);
    expect(cost.totalUsd).toBe((report.usage as { usd: number }).usd);
  });

  it("waits for the report when asked, and returns the same run for a retried Idempotency-Key", async () => {
    const waited = await client.createRun(
      { workspace: target.workspace, goal: "wait for me" },
      { waitSeconds: 30 },
    );
    expect(stoppedRunCreateSchema.parse(waited)).toEqual(waited);
    expect("report" in waited && waited.report).toMatchObject({ status: "completed", answer: "done" });
    const first = await client.createRun(
      { workspace: target.workspace, goal: "only once" },
      { idempotencyKey: "client-once" },
    );
    const again = await client.createRun(
      { workspace: target.workspace, goal: "only once" },
      { idempotencyKey: "client-once" },
    );
    expect(again.run.id).toBe(first.run.id);
  });

  it("lists runs a page at a time through the cursor, and all of them through allRuns", async () => {
    const beta = new AgentOneClient({ baseUrl: target.url, apiKey: target.keys.beta });
    const ids: string[] = [];
    for (const goal of ["page one", "page two", "page three"])
      ids.unshift((await beta.createRun({ workspace: target.workspace, goal }, { waitSeconds: 30 })).run.id);
    const first = await beta.listRuns({ limit: 2 });
    expect(runListSchema.parse(first)).toEqual(first);
    expect(first.runs.map((run) => run.id)).toEqual(ids.slice(0, 2));
    const second = await beta.listRuns({ limit: 2, cursor: first.nextCursor ?? "" });
    expect(second).toMatchObject({ runs: [{ id: ids[2] }], nextCursor: null });
    const all: string[] = [];
    for await (const run of beta.allRuns({ limit: 1, status: "completed" })) all.push(run.id);
    expect(all).toEqual(ids);
  });

  it("approves a call the run waits for while following its events, and denies another with a reason", async () => {
    const { run } = await client.createRun({ workspace: target.workspace, goal: "ship it [deploy]" });
    const events: RunEvent[] = [];
    for await (const event of client.followEvents(run.id)) {
      events.push(event);
      if (event.type === "approval-request") {
        const accepted = await client.approve(run.id, event.callId, { reason: "fine" });
        expect(acceptedRunSchema.parse(accepted)).toEqual(accepted);
      }
    }
    expect(events.filter((event) => event.type === "approval-decision")).toMatchObject([
      { decision: "approve", decidedBy: "human", reason: "fine" },
    ]);
    expect(events.at(-1)).toMatchObject({ type: "run-end", status: "completed" });
    expect(target.executed).toHaveLength(1);

    const other = await client.createRun(
      { workspace: target.workspace, goal: "ship again [deploy]" },
      { waitSeconds: 30 },
    );
    expect(other.run.status).toBe("awaiting_approval");
    const request = (await client.events(other.run.id)).events.find(
      (event) => event.type === "approval-request",
    );
    if (request?.type !== "approval-request") throw new Error("no approval request");
    await client.deny(other.run.id, request.callId, { reason: "not today" });
    const rest = await followAll(other.run.id, client, { after: request.seq });
    expect(rest.find((event) => event.type === "approval-decision")).toMatchObject({
      decision: "deny",
      reason: "not today",
    });
    expect(target.executed).toHaveLength(1);
  });

  it("reconnects a dropped event stream with Last-Event-ID and loses or repeats nothing", async () => {
    const { run } = await client.createRun({
      workspace: target.workspace,
      goal: "tail me [gate:clientTail]",
    });
    await target.gates.arrival("clientTail");
    const { fetch, eventRequests } = cuttingFetch(3);
    const cutting = new AgentOneClient({ baseUrl: target.url, apiKey: target.keys.alpha, fetch });
    const events: RunEvent[] = [];
    for await (const event of cutting.followEvents(run.id, { reconnectDelayMs: 0 })) {
      events.push(event);
      // The run is held in its act step: the first connection is cut after its third event.
      if (events.length === 3) target.gates.open("clientTail");
    }
    expect(eventRequests.map((headers) => headers.get("last-event-id"))).toEqual([null, "2"]);
    expect(events).toEqual((await client.events(run.id)).events);
    expect(events.at(-1)?.type).toBe("run-end");
  });

  it("ends quietly after a run's last event, and when aborted", async () => {
    const { run } = await client.createRun(
      { workspace: target.workspace, goal: "already over" },
      { waitSeconds: 30 },
    );
    const all = (await client.events(run.id)).events;
    // After the last event the server has nothing more to send: the client asks for the run, sees it ended.
    expect(await followAll(run.id, client, { after: all.length - 1 })).toEqual([]);

    const held = await client.createRun({ workspace: target.workspace, goal: "held [gate:clientAbort]" });
    await target.gates.arrival("clientAbort");
    const abort = new AbortController();
    const seen: RunEvent[] = [];
    for await (const event of client.followEvents(held.run.id, { signal: abort.signal })) {
      seen.push(event);
      if (seen.length === 2) abort.abort();
    }
    expect(seen).toHaveLength(2);
    target.gates.open("clientAbort");
    expect(await followAll(held.run.id, client, { after: 1 })).not.toHaveLength(0);
  });

  it("resumes a run waiting for input, and kills a run", async () => {
    const stopped = await client.createRun(
      {
        workspace: target.workspace,
        goal: "needs more steps",
        limits: { steps: 1 },
        onExhaust: ["ask-human"],
      },
      { waitSeconds: 30 },
    );
    expect(stopped.run.status).toBe("awaiting_input");
    await client.resume(stopped.run.id, { add: { steps: 5 }, input: "finish up" });
    const resumed = await followAll(stopped.run.id);
    expect(resumed.find((event) => event.type === "run-input")).toMatchObject({
      text: "finish up",
      addSteps: 5,
    });

    const held = await client.createRun({ workspace: target.workspace, goal: "kill me [gate:clientKill]" });
    await target.gates.arrival("clientKill");
    const killed = await client.kill(held.run.id);
    expect(killResultSchema.parse(killed)).toEqual(killed);
    expect(killed.result).toBe("signalled");
    target.gates.open("clientKill");
    expect((await followAll(held.run.id)).at(-1)).toMatchObject({ type: "run-end", status: "killed" });
  });

  it("turns the tenant kill switch on and off, and reports health and readiness", async () => {
    const beta = new AgentOneClient({ baseUrl: target.url, apiKey: target.keys.beta });
    const on = await beta.killAll();
    expect(killSwitchStateSchema.parse(on)).toEqual(on);
    expect(on).toMatchObject({ scope: "tenant", tenant: "beta", on: true });
    await expect(beta.createRun({ workspace: target.workspace, goal: "refused" })).rejects.toMatchObject({
      status: 409,
    });
    expect(await beta.releaseKill()).toMatchObject({ on: false });
    await expect(beta.killAll({ scope: "global" })).rejects.toMatchObject({ status: 403, code: "FORBIDDEN" });
    expect(await client.health()).toEqual({ status: "ok" });
    expect(await client.ready()).toEqual({ status: "ok" });
  });

  it("throws an ApiProblemError with the server's problem body for every refusal", async () => {
    const missing = await client.getRun("run_nope").catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(ApiProblemError);
    expect(isAgentOneError(missing)).toBe(true);
    const problem = missing as ApiProblemError;
    expect(problemSchema.parse(problem.problem)).toEqual(problem.problem);
    expect(problem).toMatchObject({ status: 404, code: "NOT_FOUND", exitCode: 2 });
    expect(problem.detail).toContain("run_nope");

    const invalid = (await client
      // @ts-expect-error: an unknown field, refused by the server by its name
      .createRun({ goal: "x", workspace: target.workspace, colour: "red" })
      .catch((error: unknown) => error)) as ApiProblemError;
    expect(invalid).toMatchObject({ status: 400, code: "REQUEST_INVALID" });
    expect(invalid.errors).toContainEqual({ path: "body.colour", message: "unknown field 'colour'" });

    const outside = await client.createRun({ goal: "x", workspace: "/" }).catch((error: unknown) => error);
    expect(outside).toMatchObject({ status: 422, code: "UNPROCESSABLE" });

    const stranger = new AgentOneClient({ baseUrl: target.url, apiKey: target.keys.revoked });
    await expect(stranger.listRuns()).rejects.toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
    const { run } = await client.createRun(
      { workspace: target.workspace, goal: "mine" },
      { waitSeconds: 30 },
    );
    const beta = new AgentOneClient({ baseUrl: target.url, apiKey: target.keys.beta });
    await expect(beta.report(run.id)).rejects.toMatchObject({ status: 404 });
    await expect(followAll(run.id, beta)).rejects.toMatchObject({ status: 404 });
    await expect(client.approve(run.id, "call_x")).rejects.toMatchObject({ status: 409, code: "CONFLICT" });
  });

  it("names the server it cannot reach", async () => {
    const nowhere = new AgentOneClient({ baseUrl: "http://127.0.0.1:9", apiKey: "k" });
    await expect(nowhere.health()).rejects.toMatchObject({ code: "UNAVAILABLE", retryable: true });
    await expect(followAll("run_x", nowhere, { maxReconnects: 1 })).rejects.toMatchObject({
      code: "UNAVAILABLE",
    });
  });
});
