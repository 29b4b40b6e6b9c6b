import { dottedPath, type RequestProblem } from "./protocol-errors.js";
import { wireId } from "./wire-ids.js";
import { type HttpFault, jsonReply, type ReplyContext, type WireReply } from "./wire-protocol.js";

/**
 * Anthropic's error replies: `{"type": "error", "error": {"type", "message"}, "request_id"}` with the same
 * id in the `request-id` header, on every Anthropic path (Messages, token counting, models, unknown paths).
 */

/** A request id in Anthropic's style; it goes in the `request-id` header and in error bodies. */
export const anthropicRequestId = (context: ReplyContext) =>
  wireId(context.random, { prefix: "req_011C", length: 20 });

export function anthropicErrorReply(
  status: number,
  error: { type: string; message: string },
  context: ReplyContext & { extraHeaders?: Record<string, string> },
): WireReply {
  const id = anthropicRequestId(context);
  return jsonReply(
    status,
    { type: "error", error, request_id: id },
    { "request-id": id, ...context.extraHeaders },
  );
}

export function anthropicProblemReply(problem: RequestProblem, context: ReplyContext): WireReply {
  const field = dottedPath(problem.path);
  const message = problem.missing ? `${field}: Field required` : `${field}: ${problem.message}`;
  return anthropicErrorReply(400, { type: "invalid_request_error", message }, context);
}

export const anthropicUnreadableBody = (context: ReplyContext): WireReply =>
  anthropicErrorReply(
    400,
    {
      type: "invalid_request_error",
      message: "There was an error parsing the body of your request as JSON.",
    },
    context,
  );

export const anthropicUnknownModel = (model: string, context: ReplyContext): WireReply =>
  anthropicErrorReply(404, { type: "not_found_error", message: `model: ${model}` }, context);

/** An unknown path (or a method a path does not take), as Anthropic answers it. */
export const anthropicNotFound = (context: ReplyContext): WireReply =>
  anthropicErrorReply(404, { type: "not_found_error", message: "Not Found" }, context);

export function anthropicFaultReply(
  fault: { kind: HttpFault; model: string; retryAfterSeconds: number },
  context: ReplyContext,
): WireReply {
  switch (fault.kind) {
    case "429":
      return anthropicErrorReply(
        429,
        {
          type: "rate_limit_error",
          message: `This request would exceed the simulated rate limit for ${fault.model}. Please retry after ${fault.retryAfterSeconds} seconds.`,
        },
        {
          ...context,
          extraHeaders: {
            "retry-after": String(fault.retryAfterSeconds),
            "anthropic-ratelimit-requests-reset": new Date(
              context.now + fault.retryAfterSeconds * 1000,
            ).toISOString(),
          },
        },
      );
    case "500":
      return anthropicErrorReply(500, { type: "api_error", message: "Internal server error" }, context);
    case "503":
    case "529":
      return anthropicErrorReply(529, { type: "overloaded_error", message: "Overloaded" }, context);
  }
}
