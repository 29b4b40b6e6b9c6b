import type { Message, ModelResponse, ToolCallRequest } from "agentone";
import { z } from "zod";
import { functionToolsSchema, toToolDefinitions } from "./function-tools.js";
import { dottedPath, firstProblem } from "./protocol-errors.js";
import { argumentsObject, type SimulatedAnswer, singleAnswer } from "./simulated-answer.js";
import { textPieces } from "./stream-pieces.js";
import { lowercaseAlphanumeric, stableWireId } from "./wire-ids.js";
import {
  jsonReply,
  type ReplyContext,
  type WireCall,
  type WireProtocol,
  type WireReply,
} from "./wire-protocol.js";

const messageSchema = z.looseObject({
  role: z.enum(["system", "user", "assistant", "tool"]),
  content: z.string().nullish(),
  tool_calls: z
    .array(
      z.looseObject({
        id: z.string().nullish(),
        function: z.looseObject({
          index: z.number().int().nullish(),
          name: z.string(),
          arguments: z.record(z.string(), z.unknown()),
        }),
      }),
    )
    .nullish(),
  tool_name: z.string().nullish(),
  tool_call_id: z.string().nullish(),
});

const requestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(messageSchema).nullish(),
  tools: functionToolsSchema.nullish(),
  stream: z.boolean().nullish(),
  format: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
  options: z
    .looseObject({
      seed: z.number().int().nullish(),
      num_predict: z.number().int().nullish(),
      temperature: z.number().nullish(),
    })
    .nullish(),
});

type OllamaMessage = z.infer<typeof messageSchema>;

/**
 * Messages in AgentOne's form. Tool results name their call by `tool_call_id` when the client sends it;
 * older clients send only `tool_name`, so a result is then paired with the earliest unanswered call of
 * that name (calls without an `id` get one here, so the pairing holds).
 */
function toMessages(messages: OllamaMessage[]): Message[] {
  const unanswered: ToolCallRequest[] = [];
  const names = new Map<string, string>();
  return messages.map((message, messageIndex): Message => {
    const content = message.content ?? "";
    if (message.role === "system" || message.role === "user") return { role: message.role, content };
    if (message.role === "tool") {
      const byId = message.tool_call_id
        ? unanswered.find((call) => call.id === message.tool_call_id)
        : undefined;
      const call =
        byId ??
        unanswered.find((candidate) => candidate.name === message.tool_name) ??
        (message.tool_call_id ? undefined : unanswered[0]);
      if (call) unanswered.splice(unanswered.indexOf(call), 1);
      const toolCallId = message.tool_call_id ?? call?.id ?? `ollama_${messageIndex}`;
      return {
        role: "tool",
        toolCallId,
        toolName: message.tool_name ?? names.get(toolCallId) ?? "",
        content,
      };
    }
    const toolCalls = (message.tool_calls ?? []).map((call, index) => ({
      id: call.id ?? `ollama_${messageIndex}_${index}`,
      name: call.function.name,
      arguments: JSON.stringify(call.function.arguments),
    }));
    unanswered.push(...toolCalls);
    for (const call of toolCalls) names.set(call.id, call.name);
    return toolCalls.length > 0 ? { role: "assistant", content, toolCalls } : { role: "assistant", content };
  });
}

const errorReply = (status: number, message: string, headers: Record<string, string> = {}): WireReply =>
  jsonReply(status, { error: message }, headers);

/** Ollama's ids: `call_` and 8 characters from [a-z0-9] (server/routes.go `toolCallId()`). */
const toolCallId = (simulatorId: string) =>
  stableWireId(simulatorId, { prefix: "call_", length: 8, alphabet: lowercaseAlphanumeric });

const nanoseconds = (ms: number) => Math.round(ms * 1_000_000);
/** The simulated model is always loaded: a small, fixed load time. */
const loadMs = 2;

/** Ollama's own failure when a model's tool-call JSON does not parse: HTTP 500 for the whole turn. */
function toolCallParseError(response: ModelResponse): string | null {
  const bad = response.toolCalls.find((call) => argumentsObject(call.arguments) === null);
  return bad ? `error parsing tool call: raw='${bad.arguments}', err=unexpected end of JSON input` : null;
}

function line(call: WireCall, context: ReplyContext, rest: Record<string, unknown>): Record<string, unknown> {
  return { model: call.requestedModel, created_at: new Date(context.now).toISOString(), ...rest };
}

function doneLine(
  answer: SimulatedAnswer,
  context: ReplyContext & { call: WireCall; message: Record<string, unknown> },
) {
  const { response, firstTokenMs, generationMs } = answer;
  return line(context.call, context, {
    message: context.message,
    done_reason: response.finishReason === "length" ? "length" : "stop",
    done: true,
    total_duration: nanoseconds(loadMs + firstTokenMs + generationMs),
    load_duration: nanoseconds(loadMs),
    prompt_eval_count: response.usage.inputTokens + response.usage.cachedInputTokens,
    prompt_eval_duration: nanoseconds(firstTokenMs),
    eval_count: response.usage.outputTokens,
    eval_duration: nanoseconds(generationMs),
  });
}

/** `{tool_calls}` with arguments as objects (ids as Ollama makes them), or nothing. */
function toolCallsOf(response: ModelResponse) {
  if (response.toolCalls.length === 0) return {};
  return {
    tool_calls: response.toolCalls.map((call, index) => ({
      id: toolCallId(call.id),
      function: { index, name: call.name, arguments: argumentsObject(call.arguments) ?? {} },
    })),
  };
}

/**
 * Ollama's native chat API (`POST /api/chat`): `stream` defaults to true (NDJSON lines, tool calls whole on
 * a `done:false` line, metrics on the `done:true` line, durations in nanoseconds); arguments are objects.
 */
export const ollamaProtocol: WireProtocol<WireCall> = {
  decode(body, context) {
    const parsed = requestSchema.safeParse(body);
    if (!parsed.success) {
      const problem = firstProblem(parsed.error, body);
      const field = dottedPath(problem.path);
      return errorReply(
        400,
        field === "model"
          ? "model is required"
          : `invalid value for ${field || "request"}: ${problem.message}`,
      );
    }
    const request = parsed.data;
    const name = request.model.replace(/:latest$/, "");
    const model = context.models.find((candidate) => candidate.id === name);
    if (!model) return errorReply(404, `model '${request.model}' not found`);
    const messages = request.messages ?? [];
    // As in Ollama, a chat without messages only loads the model.
    if (messages.length === 0)
      return jsonReply(200, {
        model: request.model,
        created_at: new Date(context.now).toISOString(),
        message: { role: "assistant", content: "" },
        done_reason: "load",
        done: true,
      });
    const options = request.options ?? {};
    const numPredict = options.num_predict ?? -1;
    return {
      request: {
        model: model.id,
        messages: toMessages(messages),
        tools: toToolDefinitions(request.tools),
        // -1 (infinite) and -2 (fill the context) stop at the model's own limit.
        maxOutputTokens: numPredict < 0 ? model.maxOutputTokens : Math.min(numPredict, model.maxOutputTokens),
        ...(options.temperature == null ? {} : { temperature: options.temperature }),
        // Ollama's -1 means "random": like a missing seed, the server derives one per request.
        ...(options.seed == null || options.seed < 0 ? {} : { seed: options.seed }),
      },
      stream: request.stream ?? true,
      requestedModel: request.model,
      choices: 1,
      jsonObject: request.format === "json",
    };
  },

  unreadableBody(detail) {
    return errorReply(400, detail === "empty" ? "missing request body" : `invalid JSON: ${detail}`);
  },

  fault(fault) {
    switch (fault.kind) {
      case "429":
        return errorReply(429, `too many requests, please retry in ${fault.retryAfterSeconds}s`, {
          "retry-after": String(fault.retryAfterSeconds),
        });
      case "500":
        return errorReply(500, "an error was encountered while running the model");
      case "503":
      case "529":
        return errorReply(503, "server busy, please try again.  maximum pending requests exceeded");
    }
  },

  internalError() {
    return errorReply(500, "an error was encountered while running the model");
  },

  encode(answers, call, context) {
    const answer = singleAnswer(answers);
    const parseError = toolCallParseError(answer.response);
    if (parseError) return errorReply(500, parseError);
    const message = { role: "assistant", content: answer.response.text, ...toolCallsOf(answer.response) };
    return jsonReply(200, doneLine(answer, { ...context, call, message }));
  },

  encodeStream(answers, call, context) {
    const answer = singleAnswer(answers);
    const { response } = answer;
    const frames = textPieces(response.text).map((piece) =>
      line(call, context, { message: { role: "assistant", content: piece }, done: false }),
    );
    const parseError = toolCallParseError(response);
    // Like Ollama's streamResponse: an error before anything was written is a plain HTTP error; after
    // that, it is an NDJSON `{"error": ...}` line in a 200 stream.
    if (parseError && frames.length === 0) return errorReply(500, parseError);
    if (parseError) frames.push({ error: parseError });
    else {
      if (response.toolCalls.length > 0)
        frames.push(
          line(call, context, {
            message: { role: "assistant", content: "", ...toolCallsOf(response) },
            done: false,
          }),
        );
      frames.push(doneLine(answer, { ...context, call, message: { role: "assistant", content: "" } }));
    }
    return {
      status: 200,
      headers: { "content-type": "application/x-ndjson" },
      frames: frames.map((frame) => `${JSON.stringify(frame)}\n`),
    };
  },

  carriesMalformedArguments: () => true,
};
