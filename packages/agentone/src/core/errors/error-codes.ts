/**
 * The one table of stable error codes. Every edge (CLI exit codes, later HTTP statuses) converts through
 * this table and nowhere else.
 */
export const errorCodes = {
  BUDGET_EXCEEDED: { exitCode: 3, httpStatus: 402, kind: "user" },
  KILL_SWITCH_TRIGGERED: { exitCode: 1, httpStatus: 409, kind: "user" },
  INVALID_STATE_TRANSITION: { exitCode: 2, httpStatus: 409, kind: "user" },
  TOOL_ERROR: { exitCode: 1, httpStatus: 422, kind: "model-behavior" },
  MODEL_CALL_ERROR: { exitCode: 1, httpStatus: 502, kind: "system" },
  CONFIG_ERROR: { exitCode: 2, httpStatus: 400, kind: "user" },
  USAGE_ERROR: { exitCode: 2, httpStatus: 400, kind: "user" },
  NOT_FOUND: { exitCode: 2, httpStatus: 404, kind: "user" },
  EVENT_SCHEMA_ERROR: { exitCode: 1, httpStatus: 500, kind: "system" },
  STORE_ERROR: { exitCode: 1, httpStatus: 503, kind: "system" },
  USAGE_ANOMALY: { exitCode: 1, httpStatus: 502, kind: "system" },
  INTEGRITY_ERROR: { exitCode: 4, httpStatus: 500, kind: "system" },
  INTERNAL_ERROR: { exitCode: 1, httpStatus: 500, kind: "system" },
  // The codes below are raised at the HTTP edge (src/server/); the CLI meets them only as a client.
  REQUEST_INVALID: { exitCode: 2, httpStatus: 400, kind: "user" },
  UNAUTHENTICATED: { exitCode: 2, httpStatus: 401, kind: "user" },
  FORBIDDEN: { exitCode: 2, httpStatus: 403, kind: "user" },
  CONFLICT: { exitCode: 2, httpStatus: 409, kind: "user" },
  PAYLOAD_TOO_LARGE: { exitCode: 2, httpStatus: 413, kind: "user" },
  UNPROCESSABLE: { exitCode: 2, httpStatus: 422, kind: "user" },
  RATE_LIMITED: { exitCode: 1, httpStatus: 429, kind: "user" },
  UNAVAILABLE: { exitCode: 1, httpStatus: 503, kind: "system" },
} as const satisfies Record<string, { exitCode: number; httpStatus: number; kind: ErrorKind }>;

/** Who is at fault: the caller, the system, or the model's behaviour (as in openai-agents-js). */
export type ErrorKind = "user" | "system" | "model-behavior";

export type ErrorCode = keyof typeof errorCodes;
