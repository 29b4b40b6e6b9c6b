import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  type HttpResult,
  postgresUnreachable,
  type ServerUnderTest,
  startTestServer,
} from "./server-harness.js";

const postgresSkip = await postgresUnreachable();
const kinds = postgresSkip && !process.env.CI ? (["pglite"] as const) : (["pglite", "postgres"] as const);

describe.each(kinds)("external runs over HTTP on %s", (kind) => {
  let target: ServerUnderTest;

  beforeAll(async () => {
    target = await startTestServer(kind);
  });

  afterAll(async () => {
    await target.close();
  });

  const createExternal = (body: Record<string, unknown>) =>
    call(target, "/v1/runs", {
      body: { mode: "external", goal: "answer tickets", workspace: target.workspace, ...body },
    });

  it("governs a caller's 20-step loop through decisions and usage, and stops it exactly at its budget", async () => {
    const created = await createExternal({
      limits: { usd: 0.05 },
      onExhaust: ["hard-stop"],
      model: "scripted-standard",
    });
    expect(created.status).toBe(202);
    expect(created.body.run).toMatchObject({ tenant: "alpha", status: "running" });
    const runId: string = created.body.run.id;
    const allowed: HttpResult["body"][] = [];
    let refusal: HttpResult["body"] = null;
    for (let step = 1; step <= 20 && refusal === null; step++) {
      const decision = await call(target, `/v1/runs/${runId}/decisions`, {
        body: { stepKind: "act", estimatedInputTokens: 1000, maxOutputTokens: 500 },
      });
      expect(decision.status).toBe(200);
      if (!decision.body.allowed) {
        refusal = decision.body;
        break;
      }
      allowed.push(decision.body);
      // The caller's model answered with 400 output tokens (or fewer, when the decision clamps it).
      const settled = await call(target, `/v1/runs/${runId}/usage`, {
        body: {
          reservationId: decision.body.reservationId,
          usage: { inputTokens: 1000, outputTokens: Math.min(400, decision.body.maxOutputTokens) },
          latencyMs: 300,
        },
      });
      expect(settled.status).toBe(200);
      expect(settled.body.reservationId).toBe(decision.body.reservationId);
    }
    // Each full step costs 1,000 × $2/M + 400 × $8/M = $0.0052 and reserves $0.006; nine leave $0.0032,
    // exactly the tenth clamped to 150 output tokens; then nothing fits.
    expect(allowed).toHaveLength(10);
    expect(allowed.slice(0, 9).every((decision) => decision.maxOutputTokens === 500)).toBe(true);
    expect(allowed[9]).toMatchObject({ maxOutputTokens: 150, model: "scripted-standard" });
    expect(refusal).toMatchObject({
      allowed: false,
      reason: "budget_exhausted",
      ifNotAllowed: "stop",
      limitedBy: "usd",
      reservationId: null,
    });

    // A settled reservation cannot be settled again: 409, nothing written.
    const before = await target.context.store.readEvents(runId);
    const again = await call(target, `/v1/runs/${runId}/usage`, {
      body: {
        reservationId: allowed[0].reservationId,
        usage: { inputTokens: 1, outputTokens: 1 },
        latencyMs: 1,
      },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("RESERVATION_CONFLICT");
    const unknown = await call(target, `/v1/runs/${runId}/usage`, {
      body: { reservationId: "reservation_nope", usage: { inputTokens: 1, outputTokens: 1 }, latencyMs: 1 },
    });
    expect(unknown.status).toBe(409);
    expect(await target.context.store.readEvents(runId)).toEqual(before);

    const finished = await call(target, `/v1/runs/${runId}/finish`, { body: { partial: "nine tickets" } });
    expect(finished.status).toBe(200);
    expect(finished.body).toMatchObject({
      status: "failed",
      outcome: "partial",
      terminationReason: "budget_exhausted:usd",
      costUsd: 0.05,
    });
    const cost = await call(target, `/v1/runs/${runId}/cost`);
    expect(cost.body.totalUsd).toBe(0.05);
    expect(cost.body.steps).toHaveLength(10);
    const afterEnd = await call(target, `/v1/runs/${runId}/decisions`, {
      body: { stepKind: "act", estimatedInputTokens: 10 },
    });
    expect(afterEnd.status).toBe(409);
    expect(afterEnd.body.code).toBe("RUN_NOT_OPEN");
  });

  it("counts tool calls against the run's budget, and refuses the one over it", async () => {
    const created = await createExternal({ limits: { toolCalls: 1 }, onExhaust: ["hard-stop"] });
    const runId: string = created.body.run.id;
    const decision = await call(target, `/v1/runs/${runId}/decisions`, {
      body: { stepKind: "plan", estimatedInputTokens: 200 },
    });
    expect(decision.body.allowed).toBe(true);
    const first = await call(target, `/v1/runs/${runId}/tool-calls`, {
      body: { tool: "search_docs", arguments: '{"q":"refund"}', output: "found" },
    });
    expect(first.status).toBe(200);
    expect(first.body.toolCalls).toEqual({ used: 1, limit: 1 });
    const second = await call(target, `/v1/runs/${runId}/tool-calls`, { body: { tool: "search_docs" } });
    expect(second.status).toBe(402);
    expect(second.body.code).toBe("BUDGET_EXCEEDED");
    const events = await target.context.store.readEvents(runId);
    expect(events.filter((event) => event.type === "tool-call")).toHaveLength(1);
  });

  it("answers decisions on a managed run with 409, and another tenant's external run with 404", async () => {
    const managed = await call(target, "/v1/runs?wait=30", {
      body: { goal: "managed", workspace: target.workspace },
    });
    const onManaged = await call(target, `/v1/runs/${managed.body.run.id}/decisions`, {
      body: { stepKind: "act", estimatedInputTokens: 10 },
    });
    expect(onManaged.status).toBe(409);
    expect(onManaged.body.code).toBe("RUN_NOT_OPEN");
    const external = await createExternal({ limits: { usd: 1 } });
    const foreign = await call(target, `/v1/runs/${external.body.run.id}/decisions`, {
      key: target.keys.beta,
      body: { stepKind: "act", estimatedInputTokens: 10 },
    });
    expect(foreign.status).toBe(404);
  });

  it("refuses fields of the other mode by name, writing nothing", async () => {
    const runsBefore = await target.context.store.listRuns({ limit: 200 });
    const stepping = await createExternal({ stepping: "manual" });
    expect(stepping.status).toBe(400);
    expect(stepping.body.errors[0].path).toBe("body.stepping");
    const ttl = await call(target, "/v1/runs", {
      body: { goal: "g", workspace: target.workspace, reservationTtlMs: 1000 },
    });
    expect(ttl.status).toBe(400);
    expect(ttl.body.errors[0].path).toBe("body.reservationTtlMs");
    expect(await target.context.store.listRuns({ limit: 200 })).toEqual(runsBefore);
  });

  it("evaluates the routing policy statelessly", async () => {
    const evaluated = await call(target, "/v1/policy/evaluate", {
      body: { stepKind: "plan", remainingBudget: 0.3, totalBudget: 1, latencySlaMs: 5000, priority: "high" },
    });
    expect(evaluated.status).toBe(200);
    expect(evaluated.body.decision.allowed).toBe(true);
    expect(evaluated.body.decision.model).toMatch(/^scripted-/);
    expect(evaluated.body.policyVersion).toMatch(/^sha256:/);
    const nothingLeft = await call(target, "/v1/policy/evaluate", {
      body: { stepKind: "act", remainingBudget: 0, totalBudget: 1 },
    });
    expect(nothingLeft.body.decision).toMatchObject({ allowed: false, hardStop: true });
    const inverted = await call(target, "/v1/policy/evaluate", {
      body: { stepKind: "plan", remainingBudget: 2, totalBudget: 1 },
    });
    expect(inverted.status).toBe(400);
    expect(inverted.body.errors[0].path).toBe("body.remainingBudget");
  });
});
