import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { ForbiddenError } from "../../core/errors/index.js";
import { metricsToJson, renderPrometheus } from "../../telemetry/server-metrics.js";
import { bearerSecurity, problemResponses } from "../schemas/responses.js";
import type { ServerContext, ServerEnvironment } from "../server-context.js";

const prometheusRoute = createRoute({
  method: "get",
  path: "/metrics",
  summary: "Every metric of the server, in the Prometheus text format (admin keys only)",
  description:
    "Policy counters labelled by tenant (runs, steps by kind and tier, downgrades, fallbacks, retries, hard stops, cost, cost saved, SLA violations prevented, cache hits and savings) and HTTP request counts and latency histograms by route template. Scrape it with `authorization: Bearer <admin key>` (Prometheus `authorization` / `bearer_token`).",
  tags: ["metrics"],
  security: bearerSecurity,
  responses: {
    200: {
      description: "The Prometheus text exposition format",
      content: { "text/plain": { schema: z.string() } },
    },
    ...problemResponses(403),
  },
});

const metricJsonSchema = z
  .object({
    name: z.string(),
    help: z.string(),
    type: z.string(),
    values: z.array(
      z.object({
        labels: z.record(z.string(), z.union([z.string(), z.number()])),
        value: z.number(),
        metricName: z.string().optional(),
      }),
    ),
  })
  .meta({ id: "Metric" });

const jsonRoute = createRoute({
  method: "get",
  path: "/v1/metrics",
  summary: "The same metrics as JSON; a member key sees only its tenant's",
  description:
    "An admin key sees every metric; a member key sees only the samples labelled with its tenant (the server-wide HTTP metrics are left out).",
  tags: ["metrics"],
  security: bearerSecurity,
  responses: {
    200: {
      description: "The metrics and their samples",
      content: { "application/json": { schema: z.object({ metrics: z.array(metricJsonSchema) }) } },
    },
    ...problemResponses(),
  },
});

/** Metrics about the server itself (HTTP), with no tenant label: an admin's only. */
const serverWidePrefix = "agentone_http_";

export function registerMetricsRoutes(app: OpenAPIHono<ServerEnvironment>, context: ServerContext): void {
  app.openapi(prometheusRoute, async (c) => {
    if (c.get("principal").role !== "admin")
      throw new ForbiddenError("only an admin key may read every tenant's metrics; use GET /v1/metrics");
    const text = await renderPrometheus(context.metrics);
    return c.text(text, 200, { "content-type": context.metrics.registry.contentType });
  });
  app.openapi(jsonRoute, async (c) => {
    const principal = c.get("principal");
    const all = await metricsToJson(context.metrics);
    const metrics =
      principal.role === "admin"
        ? all
        : all
            .filter((metric) => !metric.name.startsWith(serverWidePrefix))
            .map((metric) => ({
              ...metric,
              values: metric.values.filter((sample) => sample.labels.tenant === principal.tenant),
            }));
    return c.json({ metrics }, 200);
  });
}
