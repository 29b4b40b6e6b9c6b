import type { RequestProblem } from "./protocol-errors.js";
import { hexadecimal, wireId } from "./wire-ids.js";
import { type HttpFault, jsonReply, type ReplyContext, type WireReply } from "./wire-protocol.js";

/** OpenAI's error replies: request problems, faults, and the headers every reply carries. */

/** `messages[0].content`, as OpenAI names parameters. */
const parameterName = (path: readonly (string | number)[]): string =>
  path.map((key, index) => (typeof key === "number" ? `[${key}]` : index === 0 ? key : `.${key}`)).join("");

export const openAiHeaders = (context: ReplyContext) => ({
  "x-request-id": wireId(context.random, { prefix: "req_", length: 32, alphabet: hexadecimal }),
});

export function errorReply(
  status: number,
  error: { message: string; type: string; param?: string | null; code?: string | null },
  context: ReplyContext & { extraHeaders?: Record<string, string> },
): WireReply {
  return jsonReply(
    status,
    {
      error: {
        message: error.message,
        type: error.type,
        param: error.param ?? null,
        code: error.code ?? null,
      },
    },
    { ...openAiHeaders(context), ...context.extraHeaders },
  );
}

export function problemReply(problem: RequestProblem, context: ReplyContext): WireReply {
  const param = parameterName(problem.path);
  if (param === "model" && problem.missing)
    return errorReply(
      400,
      { message: "you must provide a model parameter", type: "invalid_request_error" },
      context,
    );
  return errorReply(
    400,
    problem.missing
      ? {
          message: `Missing required parameter: '${param}'.`,
          type: "invalid_request_error",
          param,
          code: "missing_required_parameter",
        }
      : {
          message: `Invalid value for '${param}': ${problem.message}.`,
          type: "invalid_request_error",
          param,
          code: "invalid_value",
        },
    context,
  );
}

export function faultReply(
  fault: { kind: HttpFault; model: string; retryAfterSeconds: number },
  context: ReplyContext,
): WireReply {
  switch (fault.kind) {
    case "429":
      return errorReply(
        429,
        {
          message: `Rate limit reached for ${fault.model} on requests per min (RPM): the simulated limit was hit. Please try again in ${fault.retryAfterSeconds}s.`,
          type: "requests",
          code: "rate_limit_exceeded",
        },
        {
          ...context,
          extraHeaders: {
            "retry-after": String(fault.retryAfterSeconds),
            "x-ratelimit-reset-requests": `${fault.retryAfterSeconds}s`,
          },
        },
      );
    case "500":
      return errorReply(
        500,
        {
          message: "The server had an error while processing your request. Sorry about that!",
          type: "server_error",
        },
        context,
      );
    case "503":
    case "529":
      return errorReply(
        503,
        {
          message: "The engine is currently overloaded, please try again later",
          type: "server_error",
          code: "server_is_overloaded",
        },
        context,
      );
  }
}
