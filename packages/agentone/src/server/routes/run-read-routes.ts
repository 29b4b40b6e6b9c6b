import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { z } from "zod";
import { RequestInvalidError } from "../../core/errors/index.js";
import { buildReport } from "../../report/build-report.js";
import { runCost } from "../../report/run-cost.js";
import { canSee, findVisibleRun, runSummaryOf } from "../run-access.js";
import { bearerSecurity, problemResponses } from "../schemas/responses.js";
import {
  runCostSchema,
  runIdParamsSchema,
  runListQuerySchema,
  runListSchema,
  runReportSchema,
  runSummarySchema,
} from "../schemas/run-schemas.js";
import type { ServerContext, ServerEnvironment } from "../server-context.js";

const json = <Schema extends z.ZodType>(schema: Schema, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const listRunsRoute = createRoute({
  method: "get",
  path: "/v1/runs",
  summary: "List runs, newest first",
  description:
    "A member's key lists its tenant's runs; an admin's, every tenant's. Follow `nextCursor` for older runs.",
  tags: ["runs"],
  security: bearerSecurity,
  request: { query: runListQuerySchema },
  responses: { 200: json(runListSchema, "A page of runs"), ...problemResponses() },
});

const getRunRoute = createRoute({
  method: "get",
  path: "/v1/runs/{id}",
  summary: "A run",
  tags: ["runs"],
  security: bearerSecurity,
  request: { params: runIdParamsSchema },
  responses: { 200: json(runSummarySchema, "The run"), ...problemResponses(404) },
});

const reportRoute = createRoute({
  method: "get",
  path: "/v1/runs/{id}/report",
  summary: "The run's report",
  description:
    "Cost by model and step kind, usage, routing decisions with reasons, SLA, cache and provenance (as `agentone report --json`).",
  tags: ["runs"],
  security: bearerSecurity,
  request: { params: runIdParamsSchema },
  responses: { 200: json(runReportSchema, "The report"), ...problemResponses(404) },
});

const costRoute = createRoute({
  method: "get",
  path: "/v1/runs/{id}/cost",
  summary: "The run's cost, model call by model call",
  tags: ["runs"],
  security: bearerSecurity,
  request: { params: runIdParamsSchema },
  responses: { 200: json(runCostSchema, "Cost per call, and totals"), ...problemResponses(404) },
});

/** A cursor names the last run of a page: its creation time and id, base64url-encoded. */
function encodeCursor(run: { createdAt: string; id: string }): string {
  return Buffer.from(JSON.stringify([run.createdAt, run.id])).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (typeof createdAt === "string" && typeof id === "string" && !Number.isNaN(Date.parse(createdAt)))
      return { createdAt, id };
  } catch {
    // Falls through to the error below.
  }
  throw new RequestInvalidError("the cursor is not one this server gave", [
    { path: "query.cursor", message: "not a cursor from a previous page" },
  ]);
}

export function registerRunReadRoutes(app: OpenAPIHono<ServerEnvironment>, context: ServerContext): void {
  app.openapi(listRunsRoute, async (c) => {
    const principal = c.get("principal");
    const query = c.req.valid("query");
    const runs = await context.store.listRuns({
      limit: query.limit + 1,
      ...(principal.role === "admin" ? {} : { tenant: principal.tenant }),
      ...(query.status ? { status: query.status } : {}),
      ...(query.cursor ? { before: decodeCursor(query.cursor) } : {}),
    });
    const page = runs.slice(0, query.limit).filter((run) => canSee(principal, run.tenant ?? "default"));
    const last = page.at(-1);
    const nextCursor = runs.length > query.limit && last ? encodeCursor(last) : null;
    return c.json({ runs: page.map(runSummaryOf), nextCursor }, 200);
  });
  app.openapi(getRunRoute, async (c) => {
    const run = await findVisibleRun(context.store, c.get("principal"), c.req.valid("param").id);
    return c.json(runSummaryOf(run), 200);
  });
  app.openapi(reportRoute, async (c) => {
    const run = await findVisibleRun(context.store, c.get("principal"), c.req.valid("param").id);
    const report = buildReport(await context.store.readEvents(run.id));
    return c.json(report as unknown as z.infer<typeof runReportSchema>, 200);
  });
  app.openapi(costRoute, async (c) => {
    const run = await findVisibleRun(context.store, c.get("principal"), c.req.valid("param").id);
    const events = await context.store.readEvents(run.id);
    return c.json(runCost(events, buildReport(events).usage.usd), 200);
  });
}
