import { APIError } from "openai";
import { isAgentOneError } from "../../core/errors/index.js";
import { fallbackToolCallId, type OpenAIAnswer } from "./openai-answer.js";
import { type OpenAIChunk, type OpenAIToolCallDelta, openAIChunkSchema } from "./openai-api-types.js";
import { openAICutStreamError, openAIMalformedResponseError } from "./openai-error.js";

interface PartialToolCall {
  id: string | undefined;
  name: string;
  arguments: string;
}

/** Which call a fragment extends: by `index`; servers without it start a call with each new `id`. */
function slotOf(delta: OpenAIToolCallDelta, calls: readonly PartialToolCall[]): number {
  if (delta.index !== undefined && delta.index !== null) return delta.index;
  const isNewCall = delta.id && !calls.some((call) => call.id === delta.id);
  return isNewCall || calls.length === 0 ? calls.length : calls.length - 1;
}

/** Joins chat.completion.chunk deltas into one answer. */
class StreamAggregate {
  readonly #calls: PartialToolCall[] = [];
  #text = "";
  #refusal = "";
  #finishReason: string | undefined;
  #usage: OpenAIChunk["usage"];
  #model: string | undefined;
  #id: string | undefined;
  #systemFingerprint: string | undefined;

  add(chunk: OpenAIChunk): void {
    // Azure's model router opens with `model: ""` and `id: ""` (a content-filter chunk) and names the
    // real model later: the first non-empty value is the one that says something.
    this.#model ||= chunk.model || undefined;
    this.#id ||= chunk.id || undefined;
    this.#systemFingerprint ||= chunk.system_fingerprint || undefined;
    // Usage comes on the final `choices: []` chunk; some servers put it on the finishing chunk instead.
    if (chunk.usage) this.#usage = chunk.usage;
    for (const choice of chunk.choices) {
      if ((choice.index ?? 0) !== 0) continue;
      this.#text += choice.delta?.content ?? "";
      this.#refusal += choice.delta?.refusal ?? "";
      for (const delta of choice.delta?.tool_calls ?? []) this.#addToolCall(delta);
      if (choice.finish_reason) this.#finishReason = choice.finish_reason;
    }
  }

  #addToolCall(delta: OpenAIToolCallDelta): void {
    const slot = slotOf(delta, this.#calls);
    const call = this.#calls[slot] ?? { id: undefined, name: "", arguments: "" };
    this.#calls[slot] = call;
    if (delta.id) call.id = delta.id;
    // The name arrives whole on a call's first fragment; servers that repeat it do not make it longer.
    if (delta.function?.name && call.name === "") call.name = delta.function.name;
    call.arguments += delta.function?.arguments ?? "";
  }

  answer(): OpenAIAnswer {
    return {
      text: this.#text || this.#refusal,
      refusal: this.#refusal || undefined,
      // A server that skips an index leaves a hole, which `filter` drops; the other calls keep their order.
      toolCalls: this.#calls
        .filter((call) => call !== undefined)
        .map((call, position) => ({
          id: call.id ?? fallbackToolCallId(position),
          name: call.name,
          arguments: call.arguments,
        })),
      finishReason: this.#finishReason,
      usage: this.#usage ?? undefined,
      model: this.#model,
      id: this.#id,
      systemFingerprint: this.#systemFingerprint,
    };
  }
}

/**
 * Reads a streamed Chat Completion (the SDK's parsed SSE chunks) into one answer: text deltas joined, tool
 * calls assembled by `index` from their argument fragments, usage from the final `choices: []` chunk.
 * Throws `cut_stream` when the connection breaks, or the stream ends without a `finish_reason`, or without
 * usage and without `[DONE]` (`sawDone` reports that line, which the SDK consumes); an in-stream `error`
 * payload arrives as the SDK's APIError and is passed on for classification.
 *
 * @example
 * ```ts
 * const answer = await aggregateOpenAIStream(stream, { publicUrl, sawDone: watched.sawDone });
 * answer.toolCalls; // [{ id: "call_1", name: "get_weather", arguments: '{"city":"Tokyo"}' }]
 * ```
 */
export async function aggregateOpenAIStream(
  chunks: AsyncIterable<unknown>,
  options: { publicUrl: string; sawDone: () => boolean },
): Promise<OpenAIAnswer> {
  const aggregate = new StreamAggregate();
  try {
    for await (const value of chunks) {
      const parsed = openAIChunkSchema.safeParse(value);
      if (!parsed.success) {
        throw openAIMalformedResponseError({ publicUrl: options.publicUrl, detail: parsed.error.message });
      }
      aggregate.add(parsed.data);
    }
  } catch (error) {
    if (isAgentOneError(error) || error instanceof APIError) throw error;
    // The body broke off (undici's "terminated"), or a line was not JSON because it was cut.
    throw openAICutStreamError({
      publicUrl: options.publicUrl,
      detail: "the connection broke",
      cause: error,
    });
  }
  const answer = aggregate.answer();
  if (answer.finishReason === undefined) {
    throw openAICutStreamError({
      publicUrl: options.publicUrl,
      detail: "the stream ended without a finish_reason",
    });
  }
  // Usage comes after the finishing chunk, so a stream closed before `[DONE]` may have lost it on the way.
  // One that ended properly without it comes from a server that ignores `include_usage`: the backend
  // estimates its usage.
  const sawDone = options.sawDone();
  if (answer.usage === undefined && !sawDone) {
    throw openAICutStreamError({
      publicUrl: options.publicUrl,
      detail: "the stream ended without its usage chunk or [DONE]",
    });
  }
  return { ...answer, sawDone };
}
