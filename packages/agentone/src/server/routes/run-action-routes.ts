import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { ConflictError, KillSwitchTriggeredError } from "../../core/errors/index.js";
import { decideApproval } from "../../engine/lifecycle/decide-approval.js";
import { killRun } from "../../engine/lifecycle/kill-run.js";
import { resumeRun } from "../../engine/lifecycle/resume-run.js";
import { launchRunWork } from "../launch-run-work.js";
import { findVisibleRun, runSummaryOf } from "../run-access.js";
import { bearerSecurity, problemResponses } from "../schemas/responses.js";
import {
  acceptedRunSchema,
  approvalDecisionSchema,
  killResultSchema,
  resumeRequestSchema,
} from "../schemas/run-action-schemas.js";
import { runIdParamsSchema } from "../schemas/run-schemas.js";
import type { ServerContext, ServerEnvironment } from "../server-context.js";

const acceptedRun = {
  description: "Accepted: the run continues in the background",
  content: { "application/json": { schema: acceptedRunSchema } },
};

const approvalParams = runIdParamsSchema.extend({
  callId: z
    .string()
    .min(1)
    .meta({ param: { name: "callId", in: "path" } }),
});

function decisionRoute(decision: "approve" | "deny") {
  return createRoute({
    method: "post",
    path: `/v1/runs/{id}/approvals/{callId}/${decision}`,
    summary:
      decision === "approve" ? "Approve a tool call the run waits for" : "Deny a tool call the run waits for",
    tags: ["runs"],
    security: bearerSecurity,
    request: {
      params: approvalParams,
      body: { required: false, content: { "application/json": { schema: approvalDecisionSchema } } },
    },
    responses: { 202: acceptedRun, ...problemResponses(404, 409, 413) },
  });
}

const resumeRoute = createRoute({
  method: "post",
  path: "/v1/runs/{id}/resume",
  summary: "Continue a run waiting for input, with more budget and an instruction",
  tags: ["runs"],
  security: bearerSecurity,
  request: {
    params: runIdParamsSchema,
    body: { required: false, content: { "application/json": { schema: resumeRequestSchema } } },
  },
  responses: { 202: acceptedRun, ...problemResponses(404, 409, 413) },
});

const killRoute = createRoute({
  method: "post",
  path: "/v1/runs/{id}/kill",
  summary: "Stop a run before its next step",
  tags: ["runs"],
  security: bearerSecurity,
  request: {
    params: runIdParamsSchema,
    // No fields yet; declared so that a body is validated (a malformed or unexpected one is refused
    // before anything is killed) and fields can be added within /v1.
    body: {
      required: false,
      content: { "application/json": { schema: z.object({}).strict().meta({ id: "KillRequest" }) } },
    },
  },
  responses: {
    200: {
      description: "The kill was recorded or signalled",
      content: { "application/json": { schema: killResultSchema } },
    },
    ...problemResponses(404, 413),
  },
});

async function refuseWhileKilled(context: ServerContext, tenant: string): Promise<void> {
  if (context.tenantKills.isOn(tenant) || (await context.runtime.killSwitch.isGlobalOn()))
    throw new KillSwitchTriggeredError("global");
}

export function registerRunActionRoutes(app: OpenAPIHono<ServerEnvironment>, context: ServerContext): void {
  for (const decision of ["approve", "deny"] as const) {
    app.openapi(decisionRoute(decision), async (c) => {
      const { id, callId } = c.req.valid("param");
      const run = await findVisibleRun(context.store, c.get("principal"), id);
      const tenant = run.tenant ?? "default";
      if (run.status !== "awaiting_approval")
        throw new ConflictError(`run ${run.id} is not waiting for approval (it is ${run.status})`);
      await refuseWhileKilled(context, tenant);
      const { reason } = c.req.valid("json") ?? {};
      await launchRunWork(context, {
        runId: run.id,
        tenant,
        priority: run.priority ?? 0,
        work: () =>
          decideApproval(context.runtimeFor(tenant), run.id, {
            callId,
            decision,
            ...(reason === undefined ? {} : { reason }),
          }),
      });
      return c.json({ run: runSummaryOf((await context.store.getRun(run.id)) ?? run) }, 202);
    });
  }
  app.openapi(resumeRoute, async (c) => {
    const run = await findVisibleRun(context.store, c.get("principal"), c.req.valid("param").id);
    const tenant = run.tenant ?? "default";
    if (run.status !== "awaiting_input" && run.status !== "paused" && run.status !== "awaiting_approval")
      throw new ConflictError(`run ${run.id} is not waiting to be resumed (it is ${run.status})`);
    await refuseWhileKilled(context, tenant);
    const body = c.req.valid("json") ?? {};
    await launchRunWork(context, {
      runId: run.id,
      tenant,
      priority: run.priority ?? 0,
      work: () =>
        resumeRun(context.runtimeFor(tenant), run.id, {
          ...(body.input === undefined ? {} : { input: body.input }),
          ...(body.add === undefined ? {} : { add: body.add }),
        }),
    });
    return c.json({ run: runSummaryOf((await context.store.getRun(run.id)) ?? run) }, 202);
  });
  app.openapi(killRoute, async (c) => {
    const run = await findVisibleRun(context.store, c.get("principal"), c.req.valid("param").id);
    const { store, runtime } = context;
    const result = await killRun({ store, killSwitch: runtime.killSwitch, clock: runtime.clock }, run.id);
    return c.json({ run: runSummaryOf((await store.getRun(run.id)) ?? run), result: result.kind }, 200);
  });
}
