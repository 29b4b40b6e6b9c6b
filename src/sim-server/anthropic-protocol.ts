import { z } from "zod";
import type { FinishReason, ModelResponse, TokenUsage } from "../backends/model-backend.js";
import type { ModelSpec } from "../backends/model-spec.js";
import type { Message, ToolCallRequest } from "../core/messages.js";
import { dottedPath, firstProblem, type RequestProblem } from "./protocol-errors.js";
import { argumentsObject } from "./simulated-answer.js";
import { argumentPieces, textPieces } from "./stream-pieces.js";
import { stableWireId, wireId } from "./wire-ids.js";
import {
  type HttpFault,
  jsonReply,
  type ReplyContext,
  type WireCall,
  type WireProtocol,
  type WireReply,
} from "./wire-protocol.js";

const textBlock = z.looseObject({ type: z.literal("text"), text: z.string() });

const blockSchema = z.discriminatedUnion("type", [
  textBlock,
  z.looseObject({
    type: z.literal("tool_use"),
    id: z.string(),
    name: z.string(),
    input: z.record(z.string(), z.unknown()),
  }),
  z.looseObject({
    type: z.literal("tool_result"),
    tool_use_id: z.string(),
    content: z
      .union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))])
      .optional(),
    is_error: z.boolean().optional(),
  }),
  // Accepted and not read by the simulator.
  z.looseObject({ type: z.enum(["image", "document", "thinking", "redacted_thinking", "search_result"]) }),
]);

const messageSchema = z.looseObject({
  role: z.enum(["user", "assistant"]),
  content: z.union([z.string(), z.array(blockSchema)]),
});

const requestSchema = z.looseObject({
  model: z.string(),
  max_tokens: z.number().int().min(1),
  messages: z.array(messageSchema).min(1),
  system: z.union([z.string(), z.array(textBlock)]).optional(),
  tools: z
    .array(
      z.looseObject({
        name: z.string(),
        description: z.string().optional(),
        input_schema: z.record(z.string(), z.unknown()).optional(),
        type: z.string().nullish(),
      }),
    )
    .optional(),
  tool_choice: z
    .looseObject({ type: z.enum(["auto", "any", "tool", "none"]), name: z.string().optional() })
    .optional(),
  temperature: z.number().min(0).max(1).optional(),
  stream: z.boolean().optional(),
});

type AnthropicMessage = z.infer<typeof messageSchema>;

/** A tool result's content: a string, or blocks of which the text is read. */
const resultText = (content: string | { text?: string | undefined }[] | undefined): string =>
  typeof content === "string" ? content : (content ?? []).map((block) => block.text ?? "").join("");

/**
 * Messages in AgentOne's form: the top-level `system` first; a user turn's `tool_result` blocks become
 * tool messages (before any text of the same turn), an assistant turn's `tool_use` blocks its tool calls.
 */
function toMessages(
  system: z.infer<typeof requestSchema>["system"],
  messages: AnthropicMessage[],
): Message[] {
  const result: Message[] = [];
  const systemText =
    typeof system === "string" ? system : (system ?? []).map((block) => block.text).join("\n");
  if (systemText !== "") result.push({ role: "system", content: systemText });
  const names = new Map<string, string>();
  for (const message of messages) {
    const blocks =
      typeof message.content === "string"
        ? [{ type: "text" as const, text: message.content }]
        : message.content;
    const text = blocks.map((block) => (block.type === "text" ? block.text : "")).join("");
    if (message.role === "assistant") {
      const toolCalls: ToolCallRequest[] = blocks.flatMap((block) =>
        block.type === "tool_use"
          ? [{ id: block.id, name: block.name, arguments: JSON.stringify(block.input) }]
          : [],
      );
      for (const call of toolCalls) names.set(call.id, call.name);
      result.push(
        toolCalls.length > 0
          ? { role: "assistant", content: text, toolCalls }
          : { role: "assistant", content: text },
      );
      continue;
    }
    for (const block of blocks)
      if (block.type === "tool_result")
        result.push({
          role: "tool",
          toolCallId: block.tool_use_id,
          toolName: names.get(block.tool_use_id) ?? "",
          content: resultText(block.content),
          ...(block.is_error ? { isError: true } : {}),
        });
    if (text !== "" || !blocks.some((block) => block.type === "tool_result"))
      result.push({ role: "user", content: text });
  }
  return result;
}

/** A request id in Anthropic's style; it goes in the `request-id` header and in error bodies. */
const requestId = (context: ReplyContext) => wireId(context.random, { prefix: "req_011C", length: 20 });

function errorReply(
  status: number,
  error: { type: string; message: string },
  context: ReplyContext & { extraHeaders?: Record<string, string> },
): WireReply {
  const id = requestId(context);
  return jsonReply(
    status,
    { type: "error", error, request_id: id },
    { "request-id": id, ...context.extraHeaders },
  );
}

function problemReply(problem: RequestProblem, context: ReplyContext): WireReply {
  const field = dottedPath(problem.path);
  const message = problem.missing ? `${field}: Field required` : `${field}: ${problem.message}`;
  return errorReply(400, { type: "invalid_request_error", message }, context);
}

const stopReasons: Record<FinishReason, string> = {
  stop: "end_turn",
  length: "max_tokens",
  "tool-calls": "tool_use",
  "content-filter": "refusal",
  refusal: "refusal",
  other: "end_turn",
};

/** Anthropic's `input_tokens` excludes cached tokens, as AgentOne's `inputTokens` does. */
const usageOf = (usage: TokenUsage, outputTokens: number) => ({
  input_tokens: usage.inputTokens,
  cache_creation_input_tokens: usage.cacheWriteTokens,
  cache_read_input_tokens: usage.cachedInputTokens,
  cache_creation: { ephemeral_5m_input_tokens: usage.cacheWriteTokens, ephemeral_1h_input_tokens: 0 },
  output_tokens: outputTokens,
  service_tier: "standard",
  server_tool_use: null,
});

const toolUseId = (simulatorId: string) => stableWireId(simulatorId, { prefix: "toolu_01", length: 22 });
const messageId = (context: ReplyContext) => wireId(context.random, { prefix: "msg_01", length: 22 });

/** Non-streaming content. Arguments must be an object here: invalid JSON from the simulator becomes `{}`. */
function contentOf(response: ModelResponse) {
  return [
    ...(response.text === "" ? [] : [{ type: "text", text: response.text }]),
    ...response.toolCalls.map((call) => ({
      type: "tool_use",
      id: toolUseId(call.id),
      name: call.name,
      input: argumentsObject(call.arguments) ?? {},
    })),
  ];
}

const event = (data: { type: string } & Record<string, unknown>) =>
  `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * Anthropic Messages (`POST /v1/messages`): `max_tokens` required, top-level `system`, `tool_use` and
 * `tool_result` blocks; a Message JSON, or named SSE events from `message_start` to `message_stop`.
 * The Messages API has no seed: every request uses the server's `--seed`.
 */
export const anthropicProtocol: WireProtocol<WireCall> = {
  decode(body, context) {
    const parsed = requestSchema.safeParse(body);
    if (!parsed.success) return problemReply(firstProblem(parsed.error, body), context);
    const request = parsed.data;
    const model = context.models.find((candidate) => candidate.id === request.model);
    if (!model)
      return errorReply(404, { type: "not_found_error", message: `model: ${request.model}` }, context);
    if (request.max_tokens > model.maxOutputTokens)
      return errorReply(
        400,
        {
          type: "invalid_request_error",
          message: `max_tokens: ${request.max_tokens} > ${model.maxOutputTokens}, which is the maximum allowed number of output tokens for ${model.id}`,
        },
        context,
      );
    const choice = request.tool_choice;
    // `any` cannot be forced on the simulator; `none` and a named tool narrow what it is offered.
    const tools = (request.tools ?? [])
      .filter((tool) => tool.input_schema !== undefined)
      .filter((tool) => choice?.type !== "tool" || tool.name === choice.name)
      .map((tool) => ({
        name: tool.name,
        description: tool.description ?? "",
        inputSchema: tool.input_schema ?? {},
      }));
    return {
      request: {
        model: model.id,
        messages: toMessages(request.system, request.messages),
        tools: choice?.type === "none" ? [] : tools,
        maxOutputTokens: request.max_tokens,
        ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
        seed: context.defaultSeed,
      },
      stream: request.stream ?? false,
      requestedModel: request.model,
    };
  },

  unreadableBody(_detail, context) {
    return errorReply(
      400,
      {
        type: "invalid_request_error",
        message: "There was an error parsing the body of your request as JSON.",
      },
      context,
    );
  },

  fault(fault, context) {
    return faultReply(fault, context);
  },

  internalError(context) {
    return faultReply({ kind: "500", model: "", retryAfterSeconds: 0 }, context);
  },

  encode({ response }, _call, context) {
    const id = requestId(context);
    return jsonReply(
      200,
      {
        id: messageId(context),
        type: "message",
        role: "assistant",
        model: response.modelVersion,
        content: contentOf(response),
        stop_reason: stopReasons[response.finishReason],
        stop_sequence: null,
        usage: usageOf(response.usage, response.usage.outputTokens),
      },
      { "request-id": id },
    );
  },

  encodeStream({ response }, _call, context) {
    const id = requestId(context);
    const frames = [
      event({
        type: "message_start",
        message: {
          id: messageId(context),
          type: "message",
          role: "assistant",
          model: response.modelVersion,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: usageOf(response.usage, Math.min(1, response.usage.outputTokens)),
        },
      }),
    ];
    const ping = event({ type: "ping" });
    let index = 0;
    const block = (contentBlock: Record<string, unknown>, deltas: Record<string, unknown>[]) => {
      frames.push(event({ type: "content_block_start", index, content_block: contentBlock }));
      if (index === 0) frames.push(ping);
      for (const delta of deltas) frames.push(event({ type: "content_block_delta", index, delta }));
      frames.push(event({ type: "content_block_stop", index }));
      index++;
    };
    if (response.text !== "")
      block(
        { type: "text", text: "" },
        textPieces(response.text).map((text) => ({ type: "text_delta", text })),
      );
    // The JSON goes out in fragments, exactly as the simulated model wrote it: invalid JSON stays invalid.
    for (const call of response.toolCalls)
      block(
        { type: "tool_use", id: toolUseId(call.id), name: call.name, input: {} },
        ["", ...argumentPieces(call.arguments)].map((partial_json) => ({
          type: "input_json_delta",
          partial_json,
        })),
      );
    if (index === 0) frames.push(ping);
    frames.push(
      event({
        type: "message_delta",
        delta: { stop_reason: stopReasons[response.finishReason], stop_sequence: null },
        usage: { output_tokens: response.usage.outputTokens },
      }),
      event({ type: "message_stop" }),
    );
    return {
      status: 200,
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache",
        "request-id": id,
      },
      frames,
    };
  },

  // A non-streaming Message carries `input` as a parsed object, so invalid JSON cannot be expressed in it.
  carriesMalformedArguments: (call) => call.stream,
};

function faultReply(
  fault: { kind: HttpFault; model: string; retryAfterSeconds: number },
  context: ReplyContext,
): WireReply {
  switch (fault.kind) {
    case "429":
      return errorReply(
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
      return errorReply(500, { type: "api_error", message: "Internal server error" }, context);
    case "503":
    case "529":
      return errorReply(529, { type: "overloaded_error", message: "Overloaded" }, context);
  }
}

/** `GET /v1/models` for Anthropic clients (told apart by their `anthropic-version` header). */
export function anthropicModelList(
  models: readonly ModelSpec[],
  context: ReplyContext & { createdAt: string },
): WireReply {
  const body = {
    data: models.map((model) => ({
      type: "model",
      id: model.id,
      display_name: model.id,
      created_at: context.createdAt,
    })),
    has_more: false,
    first_id: models[0]?.id ?? null,
    last_id: models.at(-1)?.id ?? null,
  };
  return jsonReply(200, body, { "request-id": requestId(context) });
}
