import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { z } from "zod";
import {
  decideExternalStep,
  evaluatePolicy,
  finishExternalRun,
  recordExternalToolCall,
  settleExternalUsage,
} from "../../engine/external-run/index.js";
import { findVisibleRun } from "../run-access.js";
import {
  decisionRequestSchema,
  decisionSchema,
  finishRequestSchema,
  policyEvaluationRequestSchema,
  policyEvaluationSchema,
  runResultSchema,
  settlementSchema,
  toolCallRecordSchema,
  toolCallRequestSchema,
  usageRequestSchema,
} from "../schemas/external-run-schemas.js";
import { bearerSecurity, problemResponses } from "../schemas/responses.js";
import { runIdParamsSchema } from "../schemas/run-schemas.js";
import type { Principal, ServerContext, ServerEnvironment } from "../server-context.js";

/** A POST on an external run: its body (an engine input schema) and its answer. */
function externalRoute<Body extends z.ZodType, Answer extends z.ZodType>(input: {
  path: string;
  summary: string;
  description: string;
  body: Body;
  answer: Answer;
  /** Problem statuses beyond 400, 401, 404, 409 and 413. */
  statuses?: number[];
}) {
  return createRoute({
    method: "post",
    path: `/v1/runs/{id}/${input.path}`,
    summary: input.summary,
    description: input.description,
    tags: ["external runs"],
    security: bearerSecurity,
    request: {
      params: runIdParamsSchema,
      body: { required: true, content: { "application/json": { schema: input.body } } },
    },
    responses: {
      200: { description: "Done", content: { "application/json": { schema: input.answer } } },
      ...problemResponses(404, 409, 413, ...(input.statuses ?? [])),
    },
  });
}

const decisionRoute = externalRoute({
  path: "decisions",
  summary: "Ask whether the next step may run, on which model, and reserve its worst case",
  description:
    "Before each step of its own loop, the caller asks; an allowed step holds a reservation of its worst case (settle it with `usage`). A refused step says what to do instead (`ifNotAllowed`). 409 when the run is not an open external run.",
  body: decisionRequestSchema,
  answer: decisionSchema,
});

const usageRoute = externalRoute({
  path: "usage",
  summary: "Settle a decision's reservation with the call's real usage",
  description:
    "Reports what the model call spent (tokens, latency, model). An unknown, expired or already settled reservation is a 409 (`RESERVATION_CONFLICT`).",
  body: usageRequestSchema,
  answer: settlementSchema,
});

const toolCallRoute = externalRoute({
  path: "tool-calls",
  summary: "Count a tool call of the caller's loop against the run's `toolCalls` budget",
  description:
    "Report it before the tool runs: a call the budget no longer allows is refused (402 `BUDGET_EXCEEDED`) and the run stops as at any breach.",
  body: toolCallRequestSchema,
  answer: toolCallRecordSchema,
  statuses: [402],
});

const finishRoute = externalRoute({
  path: "finish",
  summary: "Close an external run with its answer or a partial result",
  description:
    "Open reservations are settled at their worst case first. A run its budget stopped ends `partial` whatever it is given.",
  body: finishRequestSchema,
  answer: runResultSchema,
});

const evaluateRoute = createRoute({
  method: "post",
  path: "/v1/policy/evaluate",
  summary: "The stateless routing decision, for a caller that keeps its own books",
  description:
    "Step kind, remaining and total budget, latency SLA and priority in; the decision the server's default policy makes, with its reason, out. Nothing is recorded or reserved.",
  tags: ["external runs"],
  security: bearerSecurity,
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: policyEvaluationRequestSchema } },
    },
  },
  responses: {
    200: {
      description: "The decision",
      content: { "application/json": { schema: policyEvaluationSchema } },
    },
    ...problemResponses(413),
  },
});

/**
 * The run the principal may see, and its tenant's runtime. The engine refuses a managed or ended run
 * (409 `RUN_NOT_OPEN`); a tenant's kill switch has already killed its open external runs.
 */
async function externalRunOf(context: ServerContext, principal: Principal, id: string) {
  const run = await findVisibleRun(context.store, principal, id);
  const tenant = run.tenant ?? "default";
  return { run, runtime: context.runtimeFor(tenant) };
}

export function registerExternalRunRoutes(app: OpenAPIHono<ServerEnvironment>, context: ServerContext): void {
  app.openapi(decisionRoute, async (c) => {
    const { run, runtime } = await externalRunOf(context, c.get("principal"), c.req.valid("param").id);
    const decision = await decideExternalStep(runtime, run.id, c.req.valid("json"));
    return c.json(decision, 200);
  });
  app.openapi(usageRoute, async (c) => {
    const { run, runtime } = await externalRunOf(context, c.get("principal"), c.req.valid("param").id);
    const settlement = await settleExternalUsage(runtime, run.id, c.req.valid("json"));
    return c.json(settlement, 200);
  });
  app.openapi(toolCallRoute, async (c) => {
    const { run, runtime } = await externalRunOf(context, c.get("principal"), c.req.valid("param").id);
    const record = await recordExternalToolCall(runtime, run.id, c.req.valid("json"));
    return c.json(record, 200);
  });
  app.openapi(finishRoute, async (c) => {
    const { run, runtime } = await externalRunOf(context, c.get("principal"), c.req.valid("param").id);
    const result = await finishExternalRun(runtime, run.id, c.req.valid("json"));
    return c.json(result, 200);
  });
  app.openapi(evaluateRoute, (c) => {
    const runtime = context.runtimeFor(c.get("principal").tenant);
    return c.json(evaluatePolicy(runtime, c.req.valid("json")), 200);
  });
}
