import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import { RequestInvalidError } from "../../core/errors/index.js";
import type { RunEvent } from "../../core/events/run-event.js";
import { isTerminalStatus, type RunStatus } from "../../core/run-status.js";
import { findVisibleRun } from "../run-access.js";
import { bearerSecurity, problemResponses } from "../schemas/responses.js";
import { runEventsSchema, runIdParamsSchema } from "../schemas/run-schemas.js";
import type { ServerContext, ServerEnvironment } from "../server-context.js";

const eventsRoute = createRoute({
  method: "get",
  path: "/v1/runs/{id}/events",
  summary: "The run's events: a JSON list, or a live tail",
  description:
    "With `Accept: text/event-stream`, a live tail (server-sent events): each event's `id` is its `seq`, and a client that reconnects with `Last-Event-ID` (or `?after=`) gets every event after it, none lost. The stream ends after the run's last event.",
  tags: ["runs"],
  security: bearerSecurity,
  request: {
    params: runIdParamsSchema,
    query: z.object({ after: z.coerce.number().int().min(-1).optional() }).strict(),
    headers: z.object({ "last-event-id": z.string().optional() }),
  },
  responses: {
    200: {
      description: "Events in sequence order (those after `after` / `Last-Event-ID`)",
      content: {
        "application/json": { schema: runEventsSchema },
        "text/event-stream": {
          schema: z.string().describe("`id: <seq>`, `event: <type>`, `data: <event JSON>`"),
        },
      },
    },
    ...problemResponses(404),
  },
});

/** The sequence number after which to start: `Last-Event-ID` wins over `?after`; -1 for every event. */
function startAfter(lastEventId: string | undefined, after: number | undefined): number {
  if (lastEventId === undefined || lastEventId === "") return after ?? -1;
  if (!/^\d+$/.test(lastEventId))
    throw new RequestInvalidError("Last-Event-ID is not an event id of this stream", [
      { path: "header.last-event-id", message: "must be an event's seq (a whole number)" },
    ]);
  return Number(lastEventId);
}

/** The status an event moves the run to, if it moves it. */
function statusAfter(event: RunEvent): RunStatus | null {
  return event.type === "run-transition" ? event.to : null;
}

export function registerRunEventRoutes(app: OpenAPIHono<ServerEnvironment>, context: ServerContext): void {
  app.openapi(eventsRoute, async (c) => {
    const run = await findVisibleRun(context.store, c.get("principal"), c.req.valid("param").id);
    let last = startAfter(c.req.valid("header")["last-event-id"], c.req.valid("query").after);
    const wantsStream = (c.req.header("accept") ?? "").includes("text/event-stream");
    if (!wantsStream) {
      const events = (await context.store.readEvents(run.id)).filter((event) => event.seq > last);
      return c.json(
        { runId: run.id, events: events as unknown as z.infer<typeof runEventsSchema>["events"] },
        200,
      );
    }
    return streamSSE(c, async (stream) => {
      const pending: RunEvent[] = [];
      let wake: (() => void) | null = null;
      let closed = false;
      // Subscribed before the stored events are read: a batch committed in between arrives twice at
      // worst (skipped by seq below), never not at all.
      const unsubscribe = context.events.subscribe(run.id, (events) => {
        pending.push(...events);
        wake?.();
      });
      stream.onAbort(() => {
        closed = true;
        wake?.();
      });
      let status: RunStatus = run.status;
      const send = async (event: RunEvent) => {
        if (event.seq <= last) return;
        await stream.writeSSE({ id: String(event.seq), event: event.type, data: JSON.stringify(event) });
        last = event.seq;
        status = statusAfter(event) ?? status;
      };
      try {
        for (const event of await context.store.readEvents(run.id)) await send(event);
        while (!closed && !isTerminalStatus(status)) {
          if (pending.length === 0) await new Promise<void>((resume) => (wake = resume));
          wake = null;
          for (const event of pending.splice(0)) await send(event);
        }
      } finally {
        unsubscribe();
      }
    }) as never;
  });
}
