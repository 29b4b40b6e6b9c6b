import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { ForbiddenError } from "../../core/errors/index.js";
import { killTenantRuns } from "../kill-tenant-runs.js";
import { killSwitchRequestSchema, killSwitchStateSchema } from "../schemas/kill-switch-schemas.js";
import { bearerSecurity, problemResponses } from "../schemas/responses.js";
import type { Principal, ServerContext, ServerEnvironment } from "../server-context.js";

function killSwitchRoute(action: "kill" | "release") {
  return createRoute({
    method: "post",
    path: action === "kill" ? "/v1/kill" : "/v1/kill/release",
    summary:
      action === "kill"
        ? "Turn a kill switch on: every run in scope stops before its next step, new runs are refused"
        : "Turn a kill switch off again (runs it killed stay killed)",
    tags: ["kill switch"],
    security: bearerSecurity,
    request: {
      body: { required: false, content: { "application/json": { schema: killSwitchRequestSchema } } },
    },
    responses: {
      200: {
        description: "The switch's state",
        content: { "application/json": { schema: killSwitchStateSchema } },
      },
      ...problemResponses(403, 413),
    },
  });
}

function scopeOf(principal: Principal, asked: "tenant" | "global" | undefined): "tenant" | "global" {
  const scope = asked ?? (principal.role === "admin" ? "global" : "tenant");
  if (scope === "global" && principal.role !== "admin")
    throw new ForbiddenError(
      "only an admin key may use the global kill switch; a member's reaches its tenant",
    );
  return scope;
}

export function registerKillSwitchRoutes(app: OpenAPIHono<ServerEnvironment>, context: ServerContext): void {
  app.openapi(killSwitchRoute("kill"), async (c) => {
    const principal = c.get("principal");
    const scope = scopeOf(principal, c.req.valid("json")?.scope);
    if (scope === "global") {
      await context.runtime.killSwitch.trigger({ global: true });
      return c.json({ scope, tenant: null, on: true, runsKilled: 0 }, 200);
    }
    await context.tenantKills.trigger(principal.tenant, new Date(context.runtime.clock.now()).toISOString());
    const runsKilled = await killTenantRuns(context, principal.tenant);
    return c.json({ scope, tenant: principal.tenant, on: true, runsKilled }, 200);
  });
  app.openapi(killSwitchRoute("release"), async (c) => {
    const principal = c.get("principal");
    const scope = scopeOf(principal, c.req.valid("json")?.scope);
    if (scope === "global") {
      await context.runtime.killSwitch.rearm();
      return c.json({ scope, tenant: null, on: false, runsKilled: 0 }, 200);
    }
    await context.tenantKills.release(principal.tenant);
    return c.json({ scope, tenant: principal.tenant, on: false, runsKilled: 0 }, 200);
  });
}
