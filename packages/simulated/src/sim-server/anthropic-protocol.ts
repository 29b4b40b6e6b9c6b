import type {
  FinishReason,
  Message,
  ModelResponse,
  TokenUsage,
  ToolCallRequest,
  ToolDefinition,
} from "agentone";
import { z } from "zod";
import {
  anthropicErrorReply,
  anthropicFaultReply,
  anthropicProblemReply,
  anthropicRequestId,
  anthropicUnknownModel,
  anthropicUnreadableBody,
} from "./anthropic-errors.js";
import { firstProblem } from "./protocol-errors.js";
import { argumentsObject, singleAnswer } from "./simulated-answer.js";
import { argumentPieces, textPieces } from "./stream-pieces.js";
import { stableWireId, wireId } from "./wire-ids.js";
import { jsonReply, type ReplyContext, type WireCall, type WireProtocol } from "./wire-protocol.js";

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

/** What `count_tokens` reads: a Messages request without `max_tokens`. */
export const anthropicPromptSchema = z.looseObject({
  model: z.string(),
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
});

const requestSchema = anthropicPromptSchema.extend({
  max_tokens: z.number().int().min(1),
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
  system: z.infer<typeof anthropicPromptSchema>["system"],
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

/**
 * The prompt as the simulated model reads it: messages in AgentOne's form, and the tools on offer after
 * `tool_choice` (`any` cannot be forced on the simulator; `none` and a named tool narrow the offer).
 */
export function anthropicPrompt(request: z.infer<typeof anthropicPromptSchema>): {
  messages: Message[];
  tools: ToolDefinition[];
} {
  const choice = request.tool_choice;
  const tools = (request.tools ?? [])
    .filter((tool) => tool.input_schema !== undefined)
    .filter((tool) => choice?.type !== "tool" || tool.name === choice.name)
    .map((tool) => ({
      name: tool.name,
      description: tool.description ?? "",
      inputSchema: tool.input_schema ?? {},
    }));
  return {
    messages: toMessages(request.system, request.messages),
    tools: choice?.type === "none" ? [] : tools,
  };
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
 * The Messages API has no seed: the server derives one per request (request-seeds.ts).
 */
export const anthropicProtocol: WireProtocol<WireCall> = {
  decode(body, context) {
    const parsed = requestSchema.safeParse(body);
    if (!parsed.success) return anthropicProblemReply(firstProblem(parsed.error, body), context);
    const request = parsed.data;
    const model = context.models.find((candidate) => candidate.id === request.model);
    if (!model) return anthropicUnknownModel(request.model, context);
    if (request.max_tokens > model.maxOutputTokens)
      return anthropicErrorReply(
        400,
        {
          type: "invalid_request_error",
          message: `max_tokens: ${request.max_tokens} > ${model.maxOutputTokens}, which is the maximum allowed number of output tokens for ${model.id}`,
        },
        context,
      );
    return {
      // No seed: the Messages API has none, so the server derives one per request.
      request: {
        model: model.id,
        ...anthropicPrompt(request),
        maxOutputTokens: request.max_tokens,
        ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      },
      stream: request.stream ?? false,
      requestedModel: request.model,
      choices: 1,
      jsonObject: false,
    };
  },

  unreadableBody(_detail, context) {
    return anthropicUnreadableBody(context);
  },

  fault(fault, context) {
    return anthropicFaultReply(fault, context);
  },

  internalError(context) {
    return anthropicFaultReply({ kind: "500", model: "", retryAfterSeconds: 0 }, context);
  },

  // One choice only: the Messages API has no `n`.
  encode(answers, _call, context) {
    const { response } = singleAnswer(answers);
    const id = anthropicRequestId(context);
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

  encodeStream(answers, _call, context) {
    const { response } = singleAnswer(answers);
    const id = anthropicRequestId(context);
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
