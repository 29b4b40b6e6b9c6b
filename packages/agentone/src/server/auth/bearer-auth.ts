import type { MiddlewareHandler } from "hono";
import { UnauthenticatedError } from "../../core/errors/index.js";
import type { ServerContext, ServerEnvironment } from "../server-context.js";
import { hashApiKey } from "./api-keys.js";

/**
 * Requires `Authorization: Bearer <key>` naming a live key, and sets the request's principal. Missing,
 * unknown and revoked keys are all 401 with the same detail: which one it was is nobody's business.
 */
export function bearerAuth(context: ServerContext): MiddlewareHandler<ServerEnvironment> {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1])
      throw new UnauthenticatedError("this request needs an API key: `Authorization: Bearer <key>`");
    const key = await context.store.findApiKey(hashApiKey(match[1]));
    if (key === undefined || key.revokedAt !== null)
      throw new UnauthenticatedError("the API key is not valid (unknown or revoked)");
    c.set("principal", { keyId: key.id, tenant: key.tenant, role: key.role });
    await next();
  };
}
