import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, type HttpResult, type ServerUnderTest, startTestServer } from "./server-harness.js";

let target: ServerUnderTest;

beforeAll(async () => {
  target = await startTestServer("pglite", { bodyLimitBytes: 4096 });
});

afterAll(async () => {
  await target.close();
});

describe("the OpenAPI document", () => {
  it("validates as OpenAPI 3.1 and lists every /v1 route with bearer security", async () => {
    const { status, body } = await call(target, "/openapi.json", { key: null });
    expect(status).toBe(200);
    const result = await new Validator().validate(body);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(body.openapi).toBe("3.1.0");
    const operations = Object.entries(
      body.paths as Record<string, Record<string, { security?: unknown }>>,
    ).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
    );
    expect(operations.map(({ method, path }) => `${method.toUpperCase()} ${path}`).sort()).toEqual(
      [
        "GET /healthz",
        "GET /readyz",
        "GET /v1/runs",
        "GET /v1/runs/{id}",
        "GET /v1/runs/{id}/cost",
        "GET /v1/runs/{id}/events",
        "GET /v1/runs/{id}/report",
        "POST /v1/kill",
        "POST /v1/kill/release",
        "POST /v1/runs",
        "POST /v1/runs/{id}/approvals/{callId}/approve",
        "POST /v1/runs/{id}/approvals/{callId}/deny",
        "POST /v1/runs/{id}/kill",
        "POST /v1/runs/{id}/resume",
      ].sort(),
    );
    for (const { path, operation } of operations)
      if (path.startsWith("/v1/")) expect(operation.security, path).toEqual([{ bearer: [] }]);
  });

  it("is browsable at /docs from the installed swagger-ui-dist, with no CDN", async () => {
    const page = await call(target, "/docs", { key: null });
    expect(page.status).toBe(200);
    expect(page.body).toContain("/openapi.json");
    expect(page.body).not.toMatch(/https?:\/\//);
    const bundle = await fetch(`${target.url}/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toContain("javascript");
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
    expect((await call(target, "/docs/package.json", { key: null })).status).toBe(404);
  });
});

describe("health", () => {
  it("answers /healthz and /readyz without a key", async () => {
    expect(await call(target, "/healthz", { key: null })).toMatchObject({
      status: 200,
      body: { status: "ok" },
    });
    expect(await call(target, "/readyz", { key: null })).toMatchObject({
      status: 200,
      body: { status: "ok" },
    });
  });
});

describe("errors", () => {
  const expectProblem = (response: HttpResult, status: number, code: string) => {
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.body).toMatchObject({
      status,
      code,
      type: expect.stringMatching(/^urn:agentone:error:/),
    });
    expect(typeof response.body.title).toBe("string");
    expect(typeof response.body.detail).toBe("string");
  };

  it("answers an unknown route with a 404 problem", async () => {
    expectProblem(await call(target, "/nowhere", { key: null }), 404, "NOT_FOUND");
    expectProblem(await call(target, "/v1/nowhere"), 404, "NOT_FOUND");
  });

  it("refuses a request without a key, with an unknown key, and with a revoked key (401)", async () => {
    expectProblem(await call(target, "/v1/runs", { key: null }), 401, "UNAUTHENTICATED");
    expectProblem(await call(target, "/v1/runs", { key: "agentone_not-a-key" }), 401, "UNAUTHENTICATED");
    expectProblem(await call(target, "/v1/runs", { key: target.keys.revoked }), 401, "UNAUTHENTICATED");
  });

  it("refuses malformed JSON (400)", async () => {
    const response = await call(target, "/v1/runs", { body: "{ not json" });
    expectProblem(response, 400, "REQUEST_INVALID");
    expect(await target.context.store.listRuns()).toEqual([]);
  });

  it("names unknown fields and wrong types by path (400)", async () => {
    const response = await call(target, "/v1/runs", {
      body: { goal: "x", workspace: target.workspace, colour: "red", limits: { usd: "lots", bogus: 1 } },
    });
    expectProblem(response, 400, "REQUEST_INVALID");
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        { path: "body.colour", message: "unknown field 'colour'" },
        { path: "body.limits.bogus", message: "unknown field 'bogus'" },
        expect.objectContaining({ path: "body.limits.usd" }),
      ]),
    );
    expect(await target.context.store.listRuns()).toEqual([]);
  });

  it("refuses a body over the limit (413)", async () => {
    const response = await call(target, "/v1/runs", {
      body: { goal: "x".repeat(10_000), workspace: target.workspace },
    });
    expectProblem(response, 413, "PAYLOAD_TOO_LARGE");
    expect(await target.context.store.listRuns()).toEqual([]);
  });

  it("refuses a workspace outside the allowed roots, or a link that escapes them (422)", async () => {
    const outside = await call(target, "/v1/runs", {
      body: { goal: "x", workspace: `${target.root}/../outside` },
    });
    expectProblem(outside, 422, "UNPROCESSABLE");
    const { symlink } = await import("node:fs/promises");
    await symlink(`${target.root}/../outside`, `${target.root}/escape`);
    const escaping = await call(target, "/v1/runs", {
      body: { goal: "x", workspace: `${target.root}/escape` },
    });
    expectProblem(escaping, 422, "UNPROCESSABLE");
    expect(await target.context.store.listRuns()).toEqual([]);
  });
});
