import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { ConflictError, KillSwitchTriggeredError, UnavailableError } from "../../core/errors/index.js";
import { type ExecutedStep, executeNextStep } from "../../engine/lifecycle/execute-next-step.js";
import { findVisibleRun, runSummaryOf } from "../run-access.js";
import { bearerSecurity, problemResponses } from "../schemas/responses.js";
import { runIdParamsSchema, runSummarySchema } from "../schemas/run-schemas.js";
import type { ServerContext, ServerEnvironment } from "../server-context.js";

/** A step as its events tell it (see `summarizeStep`): kind, decision, model and tool calls, usage. */
const stepSummarySchema = z
  .object({
    step: z.number().int(),
    kind: z.string(),
    decision: z.object({ model: z.string(), tier: z.string(), reason: z.string() }).catchall(z.unknown()),
    status: z.enum(["ok", "failed"]).nullable(),
    error: z.string().nullable(),
    durationMs: z.number().nullable(),
    modelCalls: z.array(z.object({ callId: z.string(), model: z.string() }).catchall(z.unknown())),
    toolCalls: z.array(z.object({ callId: z.string(), tool: z.string() }).catchall(z.unknown())),
    usage: z.object({ inputTokens: z.number(), outputTokens: z.number(), costUsd: z.number() }),
  })
  .meta({ id: "StepSummary" });

const stepRoute = createRoute({
  method: "post",
  path: "/v1/runs/{id}/step",
  summary: "Execute the next step of a run and answer with it",
  description:
    'For runs created with `stepping: "manual"` (an automatic run that is paused may be stepped too): executes exactly the next step, then the run is `paused` again unless the step ended it or made it wait for a human. `step` is null when no step started (a kill came first). The step counts against the server\'s limits on runs executing at once: the request waits for a slot.',
  tags: ["runs"],
  security: bearerSecurity,
  request: {
    params: runIdParamsSchema,
    body: {
      required: false,
      content: { "application/json": { schema: z.object({}).strict().meta({ id: "StepRequest" }) } },
    },
  },
  responses: {
    200: {
      description: "The step executed, and the run after it",
      content: {
        "application/json": {
          schema: z
            .object({ run: runSummarySchema, step: stepSummarySchema.nullable() })
            .meta({ id: "ExecutedStep" }),
        },
      },
    },
    ...problemResponses(404, 409, 413, 503),
  },
});

export function registerRunStepRoutes(app: OpenAPIHono<ServerEnvironment>, context: ServerContext): void {
  app.openapi(stepRoute, async (c) => {
    const run = await findVisibleRun(context.store, c.get("principal"), c.req.valid("param").id);
    const tenant = run.tenant ?? "default";
    if (run.status !== "created" && run.status !== "paused")
      throw new ConflictError(
        `run ${run.id} cannot execute a step now: it is ${run.status} (only created and paused runs are stepped)`,
      );
    if (context.tenantKills.isOn(tenant) || (await context.runtime.killSwitch.isGlobalOn()))
      throw new KillSwitchTriggeredError("global");
    // The executor logs a failure and answers null; the request wants the engine's own error.
    let outcome: { step: ExecutedStep } | { error: unknown } | undefined;
    await context.executor.submit({
      runId: run.id,
      tenant,
      priority: run.priority ?? 0,
      execute: async () => {
        try {
          const step = await executeNextStep(context.runtimeFor(tenant), run.id);
          outcome = { step };
          return step.run;
        } catch (error) {
          outcome = { error };
          throw error;
        }
      },
    });
    const done = outcome as typeof outcome;
    if (done === undefined)
      throw new UnavailableError(
        `run ${run.id} was not stepped: it is executing, or the server is shutting down`,
      );
    if ("error" in done) throw done.error;
    const after = (await context.store.getRun(run.id)) ?? run;
    return c.json(
      { run: runSummaryOf(after), step: done.step.step as z.infer<typeof stepSummarySchema> | null },
      200,
    );
  });
}
