import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { UnavailableError } from "../../core/errors/index.js";
import { healthSchema } from "../schemas/health-schemas.js";
import { problemResponses } from "../schemas/responses.js";
import type { ServerContext, ServerEnvironment } from "../server-context.js";

const healthRoute = createRoute({
  method: "get",
  path: "/healthz",
  summary: "The process is up",
  tags: ["health"],
  responses: { 200: { description: "Up", content: { "application/json": { schema: healthSchema } } } },
});

const readyRoute = createRoute({
  method: "get",
  path: "/readyz",
  summary: "The store is reachable and migrated, and the server accepts work",
  tags: ["health"],
  responses: {
    200: { description: "Ready", content: { "application/json": { schema: healthSchema } } },
    ...problemResponses(503),
  },
});

export function registerHealthRoutes(app: OpenAPIHono<ServerEnvironment>, context: ServerContext): void {
  app.openapi(healthRoute, (c) => c.json({ status: "ok" as const }, 200));
  app.openapi(readyRoute, async (c) => {
    if (!context.accepting()) throw new UnavailableError("the server is shutting down");
    try {
      // Migrations ran when the store opened; a query on the newest table proves both reach and schema.
      await context.store.listTenants();
    } catch (error) {
      throw new UnavailableError(
        `the store is not ready: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return c.json({ status: "ok" as const }, 200);
  });
}
