import { problemContentType, problemSchema } from "../problem-details.js";

const descriptions: Record<number, string> = {
  400: "The request does not match its schema (field paths in `errors`), or is not allowed now",
  401: "No API key, or one that is unknown or revoked",
  403: "The key's role may not do this",
  404: "No such resource for this key's tenant",
  409: "The resource's state does not allow this",
  413: "The request body is too large",
  422: "Well formed, but refused (a workspace outside the allowed roots, a reused idempotency key)",
  503: "The server is shutting down, or its store is unreachable",
};

/** The problem responses a route may give, for its OpenAPI description. Every route lists 400 and 401. */
export function problemResponses(...statuses: number[]) {
  const all = [...new Set([400, 401, ...statuses])].sort();
  return Object.fromEntries(
    all.map((status) => [
      status,
      {
        description: descriptions[status] ?? "A problem",
        content: { [problemContentType]: { schema: problemSchema } },
      },
    ]),
  );
}

/** The route needs a bearer API key. */
export const bearerSecurity = [{ bearer: [] }];
