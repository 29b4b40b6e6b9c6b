import type { FinishReason, Message, ModelResponse, TokenUsage } from "agentone";
import { z } from "zod";
import { functionToolsSchema, toToolDefinitions } from "./function-tools.js";
import { errorReply, faultReply, openAiHeaders, problemReply } from "./openai-errors.js";
import { firstProblem } from "./protocol-errors.js";
import { argumentPieces, textPieces } from "./stream-pieces.js";
import { hexadecimal, stableWireId, wireId } from "./wire-ids.js";
import {
  jsonReply,
  type ReplyContext,
  type WireCall,
  type WireProtocol,
  type WireStream,
} from "./wire-protocol.js";

const content = z.union([
  z.string(),
  z.array(z.looseObject({ type: z.string(), text: z.string().optional() })),
  z.null(),
]);

const messageSchema = z.discriminatedUnion("role", [
  z.looseObject({ role: z.enum(["system", "developer"]), content }),
  z.looseObject({ role: z.literal("user"), content }),
  z.looseObject({
    role: z.literal("assistant"),
    content: content.optional(),
    tool_calls: z
      .array(
        z.looseObject({
          id: z.string(),
          type: z.literal("function").optional(),
          function: z.looseObject({ name: z.string(), arguments: z.string() }),
        }),
      )
      .nullish(),
  }),
  z.looseObject({ role: z.literal("tool"), tool_call_id: z.string(), content }),
]);

const positiveInteger = z.number().int().min(1);

const requestSchema = z.looseObject({
  model: z.string(),
  messages: z.array(messageSchema).min(1),
  tools: functionToolsSchema.nullish(),
  tool_choice: z
    .union([
      z.enum(["none", "auto", "required"]),
      z.looseObject({ type: z.literal("function"), function: z.looseObject({ name: z.string() }) }),
    ])
    .nullish(),
  max_completion_tokens: positiveInteger.nullish(),
  max_tokens: positiveInteger.nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  seed: z.number().int().nullish(),
  n: z.number().int().min(1).max(128).nullish(),
  response_format: z.looseObject({ type: z.enum(["text", "json_object", "json_schema"]) }).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
});

type OpenAiMessage = z.infer<typeof messageSchema>;

export interface OpenAiCall extends WireCall {
  includeUsage: boolean;
}

/** Text of a string or of content parts (only text parts are read). */
function textOf(value: z.infer<typeof content> | undefined): string {
  if (typeof value === "string") return value;
  return (value ?? []).map((part) => part.text ?? "").join("");
}

/** One message in AgentOne's form; `toolNames` maps call ids to names, for the tool results that follow. */
function toMessage(message: OpenAiMessage, toolNames: Map<string, string>): Message {
  switch (message.role) {
    case "system":
    case "developer":
      return { role: "system", content: textOf(message.content) };
    case "user":
      return { role: "user", content: textOf(message.content) };
    case "assistant": {
      const toolCalls = (message.tool_calls ?? []).map((call) => ({
        id: call.id,
        name: call.function.name,
        arguments: call.function.arguments,
      }));
      for (const call of toolCalls) toolNames.set(call.id, call.name);
      const text = textOf(message.content);
      return toolCalls.length > 0
        ? { role: "assistant", content: text, toolCalls }
        : { role: "assistant", content: text };
    }
    case "tool":
      return {
        role: "tool",
        toolCallId: message.tool_call_id,
        toolName: toolNames.get(message.tool_call_id) ?? "",
        content: textOf(message.content),
      };
  }
}

function toMessages(messages: OpenAiMessage[]): Message[] {
  const toolNames = new Map<string, string>();
  return messages.map((message) => toMessage(message, toolNames));
}

/** JSON mode needs the word "json" somewhere in the messages, as OpenAI checks it (any case). */
const mentionsJson = (messages: OpenAiMessage[]): boolean =>
  messages.some((message) => /json/i.test(textOf(message.content)));

const finishReasons: Record<FinishReason, string> = {
  stop: "stop",
  length: "length",
  "tool-calls": "tool_calls",
  "content-filter": "content_filter",
  // OpenAI says `stop` for a refusal; `message.refusal` is what marks it.
  refusal: "stop",
  other: "stop",
};

/**
 * OpenAI's `prompt_tokens` includes cached tokens; AgentOne's `inputTokens` does not. With `n` choices the
 * prompt is counted once and the completions of all choices are added up.
 */
function usageOf(usages: readonly TokenUsage[]) {
  const [first] = usages;
  const cachedTokens = first?.cachedInputTokens ?? 0;
  const promptTokens = (first?.inputTokens ?? 0) + cachedTokens;
  const completionTokens = usages.reduce((sum, usage) => sum + usage.outputTokens, 0);
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: cachedTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: usages.reduce((sum, usage) => sum + usage.reasoningTokens, 0),
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

const toolCallId = (simulatorId: string) => stableWireId(simulatorId, { prefix: "call_", length: 24 });

/** What every completion and chunk starts with. */
function envelope(response: ModelResponse, context: ReplyContext & { object: string; id: string }) {
  return {
    id: context.id,
    object: context.object,
    created: Math.floor(context.now / 1000),
    model: response.modelVersion,
    system_fingerprint: stableWireId(response.modelVersion, {
      prefix: "fp_",
      length: 10,
      alphabet: hexadecimal,
    }),
  };
}

const completionId = (context: ReplyContext) => wireId(context.random, { prefix: "chatcmpl-", length: 29 });

const sse = (data: unknown) => `data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`;

/**
 * OpenAI Chat Completions (`POST /v1/chat/completions`), as OpenAI and vLLM serve it: JSON or SSE chunks
 * ending in `data: [DONE]`, with the `choices: []` usage chunk when `stream_options.include_usage` is set.
 */
export const openAiProtocol: WireProtocol<OpenAiCall> = {
  decode(body, context) {
    const parsed = requestSchema.safeParse(body);
    if (!parsed.success) return problemReply(firstProblem(parsed.error, body), context);
    const request = parsed.data;
    const model = context.models.find((candidate) => candidate.id === request.model);
    if (!model)
      return errorReply(
        404,
        {
          message: `The model \`${request.model}\` does not exist or you do not have access to it.`,
          type: "invalid_request_error",
          code: "model_not_found",
        },
        context,
      );
    if (request.stream_options && !request.stream)
      return errorReply(
        400,
        {
          message: "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
          type: "invalid_request_error",
          param: "stream_options",
        },
        context,
      );
    const limitName = request.max_completion_tokens != null ? "max_completion_tokens" : "max_tokens";
    const maxOutputTokens = request.max_completion_tokens ?? request.max_tokens ?? model.maxOutputTokens;
    if (maxOutputTokens > model.maxOutputTokens)
      return errorReply(
        400,
        {
          message: `${limitName} is too large: ${maxOutputTokens}. This model supports at most ${model.maxOutputTokens} completion tokens, whereas you provided ${maxOutputTokens}.`,
          type: "invalid_request_error",
          param: limitName,
          code: "invalid_value",
        },
        context,
      );
    const formatType = request.response_format?.type ?? "text";
    if (formatType === "json_schema")
      return errorReply(
        400,
        {
          message:
            "Unsupported value: 'response_format.type' does not support 'json_schema' with this model. Supported values are: 'text' and 'json_object'.",
          type: "invalid_request_error",
          param: "response_format.type",
          code: "unsupported_value",
        },
        context,
      );
    if (formatType === "json_object" && !mentionsJson(request.messages))
      return errorReply(
        400,
        {
          message:
            "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
          type: "invalid_request_error",
          param: "messages",
        },
        context,
      );
    const tools = toToolDefinitions(request.tools);
    const choice = request.tool_choice;
    // `required` cannot be forced on the simulator; `none` and a named tool narrow what it is offered.
    const offered =
      choice === "none"
        ? []
        : typeof choice === "object" && choice !== null
          ? tools.filter((tool) => tool.name === choice.function.name)
          : tools;
    return {
      request: {
        model: model.id,
        messages: toMessages(request.messages),
        tools: offered,
        maxOutputTokens,
        ...(request.temperature == null ? {} : { temperature: request.temperature }),
        // Without a seed, the server derives one per request (request-seeds.ts).
        ...(request.seed == null ? {} : { seed: request.seed }),
      },
      stream: request.stream ?? false,
      requestedModel: request.model,
      choices: request.n ?? 1,
      jsonObject: formatType === "json_object",
      includeUsage: request.stream_options?.include_usage ?? false,
    };
  },

  unreadableBody(_detail, context) {
    return errorReply(
      400,
      {
        message:
          "We could not parse the JSON body of your request. The OpenAI-compatible API expects a JSON payload.",
        type: "invalid_request_error",
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

  encode(answers, _call, context) {
    const [first] = answers;
    if (!first) throw new Error("an OpenAI reply needs at least one answer");
    return jsonReply(
      200,
      {
        ...envelope(first.response, { ...context, object: "chat.completion", id: completionId(context) }),
        choices: answers.map(({ response }, index) => {
          const calls = response.toolCalls.map((call) => ({
            id: toolCallId(call.id),
            type: "function",
            function: { name: call.name, arguments: call.arguments },
          }));
          return {
            index,
            message: {
              role: "assistant",
              content: response.text === "" && calls.length > 0 ? null : response.text,
              refusal: null,
              ...(calls.length > 0 ? { tool_calls: calls } : {}),
            },
            logprobs: null,
            finish_reason: finishReasons[response.finishReason],
          };
        }),
        usage: usageOf(answers.map(({ response }) => response.usage)),
        service_tier: "default",
      },
      openAiHeaders(context),
    );
  },

  /** With `n` choices, each choice's chunks follow the previous choice's, told apart by `index`. */
  encodeStream(answers, call, context): WireStream {
    const [first] = answers;
    if (!first) throw new Error("an OpenAI stream needs at least one answer");
    const base = envelope(first.response, {
      ...context,
      object: "chat.completion.chunk",
      id: completionId(context),
    });
    const usageNull = call.includeUsage ? { usage: null } : {};
    const frames: string[] = [];
    answers.forEach(({ response }, choiceIndex) => {
      const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
        sse({
          ...base,
          choices: [{ index: choiceIndex, delta, logprobs: null, finish_reason: finishReason }],
          ...usageNull,
        });
      frames.push(chunk({ role: "assistant", content: "", refusal: null }));
      for (const piece of textPieces(response.text)) frames.push(chunk({ content: piece }));
      response.toolCalls.forEach((toolCall, index) => {
        frames.push(
          chunk({
            tool_calls: [
              {
                index,
                id: toolCallId(toolCall.id),
                type: "function",
                function: { name: toolCall.name, arguments: "" },
              },
            ],
          }),
        );
        for (const piece of argumentPieces(toolCall.arguments))
          frames.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
      });
      frames.push(chunk({}, finishReasons[response.finishReason]));
    });
    if (call.includeUsage)
      frames.push(
        sse({ ...base, choices: [], usage: usageOf(answers.map(({ response }) => response.usage)) }),
      );
    frames.push(sse("[DONE]"));
    return {
      status: 200,
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache",
        ...openAiHeaders(context),
      },
      frames,
    };
  },

  carriesMalformedArguments: () => true,
};
