import { APIConnectionError, APIConnectionTimeoutError, APIError } from "@anthropic-ai/sdk";
import { ModelCallError } from "../../core/errors/index.js";
import type { ToolCallRequest } from "../../core/messages.js";
import { classifyHttpError } from "../http/classify-http-error.js";
import type { ModelStreamDelta } from "../model-backend.js";
import {
  type AnthropicDeltaUsage,
  type AnthropicStreamEvent,
  type AnthropicUsage,
  anthropicStreamEventSchema,
} from "./anthropic-api-types.js";
import { cutStreamError } from "./anthropic-cut-error.js";
import type { AnthropicTurn } from "./read-anthropic-message.js";

type BlockState =
  | { kind: "text"; text: string }
  | {
      kind: "tool";
      id: string;
      name: string;
      json: string;
      input: unknown;
      /** The call's position among the tool calls of the turn: its `index` in the deltas passed on. */
      order: number;
    };

interface StreamState {
  messageId: string | undefined;
  model: string | undefined;
  usage: AnthropicUsage | undefined;
  stopReason: string | null | undefined;
  stopDetails: AnthropicTurn["stopDetails"];
  blocks: Map<number, BlockState>;
  toolCount: number;
  stopped: boolean;
}

/** `message_delta` usage is cumulative: every count it carries replaces the one from `message_start`. */
function mergeUsage(usage: AnthropicUsage, delta: AnthropicDeltaUsage): AnthropicUsage {
  return {
    input_tokens: delta.input_tokens ?? usage.input_tokens,
    output_tokens: delta.output_tokens,
    cache_creation_input_tokens: delta.cache_creation_input_tokens ?? usage.cache_creation_input_tokens,
    cache_read_input_tokens: delta.cache_read_input_tokens ?? usage.cache_read_input_tokens,
    output_tokens_details: delta.output_tokens_details ?? usage.output_tokens_details,
  };
}

function malformed(detail: string): ModelCallError {
  return classifyHttpError({ status: undefined, message: `malformed Anthropic stream: ${detail}` });
}

/** The input of a tool that streamed no JSON: its start block's input, `{}` when it has none. */
function inputWithoutJson(block: { input: unknown }): string {
  return JSON.stringify(block.input ?? {});
}

/** Applies one event to the state and returns the deltas it carried, in order. */
function apply(state: StreamState, event: AnthropicStreamEvent): ModelStreamDelta[] {
  switch (event.type) {
    case "message_start":
      state.messageId = event.message.id;
      state.model = event.message.model;
      state.usage = event.message.usage;
      state.stopReason = event.message.stop_reason;
      state.stopDetails = event.message.stop_details;
      return [];
    case "content_block_start": {
      const block = event.content_block;
      if (block.type === "text") {
        state.blocks.set(event.index, { kind: "text", text: block.text });
        return block.text === "" ? [] : [{ type: "text-delta", text: block.text }];
      }
      if (block.type === "tool_use") {
        const order = state.toolCount++;
        state.blocks.set(event.index, {
          kind: "tool",
          id: block.id,
          name: block.name,
          json: "",
          input: block.input,
          order,
        });
        return [
          { type: "tool-call-delta", index: order, id: block.id, name: block.name, argumentsDelta: "" },
        ];
      }
      return [];
    }
    case "content_block_delta": {
      const block = state.blocks.get(event.index);
      // Deltas of blocks AgentOne does not keep (thinking, server tools, future types) are skipped.
      if (!block || event.delta.type === "other") return [];
      if (event.delta.type === "text_delta" && block.kind === "text") {
        block.text += event.delta.text;
        return event.delta.text === "" ? [] : [{ type: "text-delta", text: event.delta.text }];
      }
      if (event.delta.type === "input_json_delta" && block.kind === "tool") {
        block.json += event.delta.partial_json;
        const argumentsDelta = event.delta.partial_json;
        return argumentsDelta === "" ? [] : [{ type: "tool-call-delta", index: block.order, argumentsDelta }];
      }
      throw malformed(`${event.delta.type} for a ${block.kind} block`);
    }
    case "content_block_stop": {
      const block = state.blocks.get(event.index);
      // A tool without input streams no JSON at all: its arguments are the start block's input, which the
      // deltas must carry too, so that they join to the call's arguments.
      if (block?.kind === "tool" && block.json.trim() === "")
        return [{ type: "tool-call-delta", index: block.order, argumentsDelta: inputWithoutJson(block) }];
      return [];
    }
    case "message_delta":
      if (!state.usage) throw malformed("message_delta before message_start");
      state.stopReason = event.delta.stop_reason ?? state.stopReason;
      state.stopDetails = event.delta.stop_details ?? state.stopDetails;
      if (event.usage) state.usage = mergeUsage(state.usage, event.usage);
      return [];
    case "message_stop":
      state.stopped = true;
      return [];
    case "ignored":
      return [];
  }
}

function toTurn(state: StreamState): AnthropicTurn {
  if (state.model === undefined || state.usage === undefined) throw malformed("no message_start");
  let text = "";
  const toolCalls: ToolCallRequest[] = [];
  const ordered = [...state.blocks.entries()].sort(([left], [right]) => left - right);
  for (const [, block] of ordered) {
    if (block.kind === "text") text += block.text;
    else {
      // The fragments joined are the input's JSON text; a tool without input sends none at all.
      const json = block.json.trim() === "" ? inputWithoutJson(block) : block.json;
      toolCalls.push({ id: block.id, name: block.name, arguments: json });
    }
  }
  return {
    messageId: state.messageId,
    model: state.model,
    text,
    toolCalls,
    stopReason: state.stopReason,
    stopDetails: state.stopDetails,
    usage: state.usage,
  };
}

/**
 * Reads a Messages API stream (`message_start` → content blocks with `text_delta` and `input_json_delta`
 * fragments → `message_delta` with the stop reason and cumulative usage → `message_stop`): yields text
 * and tool-call deltas as the events arrive and returns the whole turn. A stream that ends or breaks
 * before `message_stop` is a retryable `cut_stream` error, never a truncated answer; `ping` and unknown
 * events are ignored. The one reader of Anthropic streams: `generate` collects it.
 *
 * @example
 * ```ts
 * const events = await client.post("/v1/messages", { body: { ...body, stream: true }, stream: true });
 * const turn = yield* readAnthropicStream(events);
 * ```
 */
export async function* readAnthropicStream(
  events: AsyncIterable<unknown>,
): AsyncGenerator<ModelStreamDelta, AnthropicTurn, undefined> {
  const state: StreamState = {
    messageId: undefined,
    model: undefined,
    usage: undefined,
    stopReason: undefined,
    stopDetails: undefined,
    blocks: new Map(),
    toolCount: 0,
    stopped: false,
  };
  const iterator = events[Symbol.asyncIterator]();
  try {
    while (!state.stopped) {
      const next = await nextEvent(iterator);
      if (next.done) break;
      const parsed = anthropicStreamEventSchema.safeParse(next.value);
      if (!parsed.success) {
        const type = (next.value as { type?: unknown } | null)?.type;
        throw malformed(`bad ${String(type)} event: ${parsed.error.issues[0]?.message ?? "invalid"}`);
      }
      yield* apply(state, parsed.data);
    }
  } finally {
    // Done at message_stop, or stopped early: either way the SDK's stream (and its body) is closed.
    await iterator.return?.();
  }
  if (!state.stopped) throw cutStreamError("the stream ended before message_stop");
  return toTurn(state);
}

async function nextEvent(iterator: AsyncIterator<unknown>): Promise<IteratorResult<unknown>> {
  try {
    return await iterator.next();
  } catch (error) {
    // The connection dropped mid-stream: SDK 1.17 raises that as an APIConnectionError, older ones as
    // fetch's own TypeError. Either way the answer was accepted and then cut.
    const dropped = error instanceof APIConnectionError && !(error instanceof APIConnectionTimeoutError);
    // An `event: error` (the SDK raises it as an APIError) and our own errors keep their meaning; anything
    // else broke the connection mid-stream.
    if (!dropped && (error instanceof APIError || error instanceof ModelCallError)) throw error;
    throw cutStreamError(`the connection failed mid-stream (${String(error)})`, error);
  }
}
