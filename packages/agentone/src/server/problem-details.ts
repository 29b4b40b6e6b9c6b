import type { z } from "zod";
import { type AgentOneError, errorCodes, type FieldProblem } from "../core/errors/index.js";
import { type Problem, problemSchema } from "../core/errors/problem-body.js";

export { type Problem, problemSchema };

export const problemContentType = "application/problem+json";

/** Titles per code: fixed text, so a client may show them; the detail says what happened this time. */
const titles: Record<keyof typeof errorCodes, string> = {
  BUDGET_EXCEEDED: "Budget exceeded",
  KILL_SWITCH_TRIGGERED: "Kill switch triggered",
  INVALID_STATE_TRANSITION: "Invalid state transition",
  TOOL_ERROR: "Tool error",
  MODEL_CALL_ERROR: "Model call failed",
  CONFIG_ERROR: "Invalid configuration or task",
  USAGE_ERROR: "Request not allowed now",
  NOT_FOUND: "Not found",
  EVENT_SCHEMA_ERROR: "Stored event unreadable",
  STORE_ERROR: "Store unavailable",
  USAGE_ANOMALY: "Usage anomaly",
  INTEGRITY_ERROR: "Stored history inconsistent",
  INTERNAL_ERROR: "Internal error",
  REQUEST_INVALID: "Invalid request",
  UNAUTHENTICATED: "Unauthenticated",
  FORBIDDEN: "Forbidden",
  CONFLICT: "Conflict",
  PAYLOAD_TOO_LARGE: "Payload too large",
  UNPROCESSABLE: "Unprocessable request",
  RATE_LIMITED: "Too many requests",
  UNAVAILABLE: "Service unavailable",
  RESERVATION_CONFLICT: "Reservation unknown, expired or already settled",
  RUN_NOT_OPEN: "Run not open to this request",
};

/**
 * The problem body for an error: status from the error-code table, the one conversion at the HTTP edge.
 * System errors keep their message out of the body (it may name internals); the log has it.
 *
 * @example
 * ```ts
 * const problem = problemFor(new NotFoundError("run", "run_01")); // { status: 404, code: "NOT_FOUND", ... }
 * ```
 */
export function problemFor(error: AgentOneError): Problem {
  const entry = errorCodes[error.code];
  const errors = error.details.errors as FieldProblem[] | undefined;
  return {
    type: `urn:agentone:error:${error.code.toLowerCase().replaceAll("_", "-")}`,
    title: titles[error.code],
    status: entry.httpStatus,
    detail: error.code === "INTERNAL_ERROR" ? "the server failed to handle the request" : error.message,
    code: error.code,
    ...(errors ? { errors } : {}),
  };
}

/**
 * The field problems of a zod validation failure, by dotted path under `prefix` (`body`, `query`, ...).
 * A body matching none of a union's shapes is told by the shape it came closest to (fewest problems), so
 * that an unknown field is still named.
 */
export function fieldProblems(issues: readonly z.core.$ZodIssue[], prefix: string): FieldProblem[] {
  return issues.flatMap((issue): FieldProblem[] => {
    const base = [prefix, ...issue.path.map(String)].filter((part) => part !== "").join(".");
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const closest = issue.errors.reduce((best, branch) => (branch.length < best.length ? branch : best));
      if (closest.length > 0) return fieldProblems(closest, base);
    }
    if (issue.code === "unrecognized_keys")
      return issue.keys.map((key) => ({
        path: base ? `${base}.${key}` : key,
        message: `unknown field '${key}'`,
      }));
    return [{ path: base, message: issue.message }];
  });
}
