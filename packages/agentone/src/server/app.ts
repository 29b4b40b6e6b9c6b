import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import {
  NotFoundError,
  PayloadTooLargeError,
  RequestInvalidError,
  toAgentOneError,
} from "../core/errors/index.js";
import { bearerAuth } from "./auth/bearer-auth.js";
import { fieldProblems, problemContentType, problemFor } from "./problem-details.js";
import { registerDocsRoutes } from "./routes/docs-routes.js";
import { registerHealthRoutes } from "./routes/health-routes.js";
import { registerKillSwitchRoutes } from "./routes/kill-switch-routes.js";
import { registerRunActionRoutes } from "./routes/run-action-routes.js";
import { registerRunCreateRoutes } from "./routes/run-create-routes.js";
import { registerRunEventRoutes } from "./routes/run-event-routes.js";
import { registerRunReadRoutes } from "./routes/run-read-routes.js";
import type { ServerContext, ServerEnvironment } from "./server-context.js";

/** The request shape of a route did not validate; which part (`json` body, `query`, `param`, `header`). */
const targetNames: Record<string, string> = { json: "body", query: "query", param: "path", header: "header" };

/**
 * The HTTP application: every route, the error conversion (one problem body for every failure), the body
 * size limit and bearer authentication on `/v1`. Routes live one resource per file in `routes/`; another
 * module adds its routes with `register*Routes(app, context)` in the same way.
 *
 * @example
 * ```ts
 * const app = createServerApp(context);
 * const response = await app.request("/healthz"); // 200
 * ```
 */
export function createServerApp(context: ServerContext): OpenAPIHono<ServerEnvironment> {
  const app = new OpenAPIHono<ServerEnvironment>({
    defaultHook: (result) => {
      if (result.success) return;
      const where = targetNames[result.target] ?? result.target;
      const errors = fieldProblems(result.error.issues, where);
      const names = errors.map((error) => error.path).join(", ");
      throw new RequestInvalidError(`the request's ${where} is invalid: ${names}`, errors);
    },
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "An API key made with `agentone keys create`",
  });
  app.use(
    "*",
    bodyLimit({
      maxSize: context.settings.bodyLimitBytes,
      onError: () => {
        throw new PayloadTooLargeError(context.settings.bodyLimitBytes);
      },
    }),
  );
  app.use("/v1/*", bearerAuth(context));
  registerHealthRoutes(app, context);
  registerDocsRoutes(app);
  registerRunCreateRoutes(app, context);
  registerRunReadRoutes(app, context);
  registerRunEventRoutes(app, context);
  registerRunActionRoutes(app, context);
  registerKillSwitchRoutes(app, context);
  app.notFound((c) => problemResponse(c, new NotFoundError("route", `${c.req.method} ${c.req.path}`)));
  app.onError((error, c) => problemResponse(c, fromThrown(error, context)));
  return app;
}

/** Hono's own refusals (malformed JSON, an unsupported content type) become AgentOne errors here. */
function fromThrown(error: unknown, context: ServerContext) {
  if (error instanceof HTTPException) {
    if (error.status === 413) return new PayloadTooLargeError(context.settings.bodyLimitBytes);
    const message = error.message || "the request is malformed";
    return new RequestInvalidError(message, [{ path: "body", message }]);
  }
  const failure = toAgentOneError(error);
  if (failure.code === "INTERNAL_ERROR") context.log(`internal error: ${failure.message}`);
  return failure;
}

function problemResponse(c: Context, error: ReturnType<typeof toAgentOneError>) {
  const problem = problemFor(error);
  return c.body(JSON.stringify(problem), problem.status as 400, { "content-type": problemContentType });
}
