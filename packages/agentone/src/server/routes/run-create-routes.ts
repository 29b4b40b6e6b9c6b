import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { isTerminalStatus, isWaitingStatus } from "../../core/run-status.js";
import { buildReport } from "../../report/build-report.js";
import { type CreatedRun, createManagedRun } from "../managed-runs.js";
import { runSummaryOf } from "../run-access.js";
import { bearerSecurity, problemResponses } from "../schemas/responses.js";
import {
  acceptedRunCreateSchema,
  createRunRequestSchema,
  type runReportSchema,
  stoppedRunCreateSchema,
} from "../schemas/run-schemas.js";
import type { ServerContext, ServerEnvironment } from "../server-context.js";

const createRunRoute = createRoute({
  method: "post",
  path: "/v1/runs",
  summary: "Create a managed run",
  description:
    "AgentOne runs the agent loop in the background. With `?wait=SECONDS` (or `Prefer: wait=N`) the answer is the finished report when the run stops (ends or waits for a human) in time; otherwise 202 with the run and its links. A retried request with the same `Idempotency-Key` returns the same run.",
  tags: ["runs"],
  security: bearerSecurity,
  request: {
    body: { required: true, content: { "application/json": { schema: createRunRequestSchema } } },
    query: z.object({ wait: z.coerce.number().int().min(0).max(3600).optional() }).strict(),
    headers: z.object({
      "idempotency-key": z.string().min(1).max(255).optional(),
      prefer: z.string().optional(),
    }),
  },
  responses: {
    200: {
      description: "The run stopped within `wait`: its report",
      content: {
        "application/json": { schema: stoppedRunCreateSchema },
      },
    },
    202: {
      description: "Accepted: the run executes in the background",
      content: { "application/json": { schema: acceptedRunCreateSchema } },
    },
    ...problemResponses(409, 413, 422, 503),
  },
});

/** `Prefer: wait=N` (RFC 7240), when no `?wait` is given. */
function preferredWait(prefer: string | undefined): number | undefined {
  const match = /(?:^|[,;\s])wait\s*=\s*(\d+)/i.exec(prefer ?? "");
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * Waits for the run to stop, at most `seconds`; true when it did. A run an earlier request made (a retry
 * with the same Idempotency-Key) is not executed by this request: it counts as stopped once it has.
 */
async function stoppedWithin(created: CreatedRun, seconds: number): Promise<boolean> {
  if (seconds <= 0) return false;
  const execution = created.execution;
  if (execution === null) return isTerminalStatus(created.run.status) || isWaitingStatus(created.run.status);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((done) => {
    timer = setTimeout(() => done(false), seconds * 1000);
  });
  try {
    return await Promise.race([execution.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function registerRunCreateRoutes(app: OpenAPIHono<ServerEnvironment>, context: ServerContext): void {
  app.openapi(createRunRoute, async (c) => {
    const principal = c.get("principal");
    const headers = c.req.valid("header");
    const created = await createManagedRun(context, {
      principal,
      request: c.req.valid("json"),
      idempotencyKey: headers["idempotency-key"],
    });
    const wait = Math.min(
      c.req.valid("query").wait ?? preferredWait(headers.prefer) ?? 0,
      context.settings.maxWaitSeconds,
    );
    const location = `/v1/runs/${created.run.id}`;
    if (await stoppedWithin(created, wait)) {
      const run = (await context.store.getRun(created.run.id)) ?? created.run;
      const report = buildReport(await context.store.readEvents(run.id));
      c.header("preference-applied", `wait=${wait}`);
      return c.json(
        { run: runSummaryOf(run), report: report as unknown as z.infer<typeof runReportSchema> },
        200,
      );
    }
    c.header("location", location);
    return c.json({ run: runSummaryOf(created.run) }, 202);
  });
}
