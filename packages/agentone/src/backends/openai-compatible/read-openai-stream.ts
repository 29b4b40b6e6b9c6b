import { APIError } from "openai";
import { isAgentOneError } from "../../core/errors/index.js";
import type { ModelStreamDelta } from "../model-backend.js";
import { fallbackToolCallId, type OpenAIAnswer } from "./openai-answer.js";
import { openAICutStreamError, openAIMalformedResponseError } from "./openai-answer-errors.js";
import { type OpenAIChunk, type OpenAIToolCallDelta, openAIChunkSchema } from "./openai-api-types.js";

interface PartialToolCall {
  id: string | undefined;
  name: string;
  arguments: string;
  /** The call's position among the calls begun so far: its `index` in the deltas passed on. */
  order: number;
}

/** Which call a fragment extends: by `index`; servers without it start a call with each new `id`. */
function slotOf(delta: OpenAIToolCallDelta, calls: readonly (PartialToolCall | undefined)[]): number {
  if (delta.index !== undefined && delta.index !== null) return delta.index;
  const isNewCall = delta.id && !calls.some((call) => call?.id === delta.id);
  return isNewCall || calls.length === 0 ? calls.length : calls.length - 1;
}

/** Joins chat.completion.chunk deltas into one answer, reporting each chunk's deltas as it goes. */
class StreamAggregate {
  readonly #calls: (PartialToolCall | undefined)[] = [];
  #begun = 0;
  #text = "";
  #refusal = "";
  #finishReason: string | undefined;
  #usage: OpenAIChunk["usage"];
  #model: string | undefined;
  #id: string | undefined;
  #systemFingerprint: string | undefined;

  add(chunk: OpenAIChunk): ModelStreamDelta[] {
    const deltas: ModelStreamDelta[] = [];
    // Azure's model router opens with `model: ""` and `id: ""` (a content-filter chunk) and names the
    // real model later: the first non-empty value is the one that says something.
    this.#model ||= chunk.model || undefined;
    this.#id ||= chunk.id || undefined;
    this.#systemFingerprint ||= chunk.system_fingerprint || undefined;
    // Usage comes on the final `choices: []` chunk; some servers put it on the finishing chunk instead.
    if (chunk.usage) this.#usage = chunk.usage;
    for (const choice of chunk.choices) {
      if ((choice.index ?? 0) !== 0) continue;
      const text = choice.delta?.content ?? "";
      this.#text += text;
      if (text !== "") deltas.push({ type: "text-delta", text });
      // A refusal is not streamed as it comes: it is the text only when there is no content, which is
      // known at the end (finishStream then sends it as the last text delta).
      this.#refusal += choice.delta?.refusal ?? "";
      for (const delta of choice.delta?.tool_calls ?? []) {
        const part = this.#addToolCall(delta);
        if (part) deltas.push(part);
      }
      if (choice.finish_reason) this.#finishReason = choice.finish_reason;
    }
    return deltas;
  }

  #addToolCall(delta: OpenAIToolCallDelta): ModelStreamDelta | undefined {
    const slot = slotOf(delta, this.#calls);
    let call = this.#calls[slot];
    if (call === undefined) {
      call = { id: undefined, name: "", arguments: "", order: this.#begun++ };
      this.#calls[slot] = call;
    }
    // Azure sends `id: ""` on fragments after the first: only a non-empty id names the call.
    const newId = delta.id && call.id === undefined ? delta.id : undefined;
    if (delta.id) call.id = delta.id;
    // The name arrives whole on a call's first fragment; servers that repeat it do not make it longer.
    const newName = delta.function?.name && call.name === "" ? delta.function.name : undefined;
    if (newName) call.name = newName;
    const argumentsDelta = delta.function?.arguments ?? "";
    call.arguments += argumentsDelta;
    if (!newId && !newName && argumentsDelta === "") return undefined;
    return {
      type: "tool-call-delta",
      index: call.order,
      ...(newId ? { id: newId } : {}),
      ...(newName ? { name: newName } : {}),
      argumentsDelta,
    };
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
 * Reads a streamed Chat Completion (the SDK's parsed SSE chunks): yields text and tool-call deltas as the
 * chunks arrive, and returns the whole answer (text joined, tool calls assembled by `index` from their
 * argument fragments, usage from the final `choices: []` chunk). Throws `cut_stream` when the connection
 * breaks, or the stream ends without a `finish_reason`, or without usage and without `[DONE]` (`sawDone`
 * reports that line, which the SDK consumes); an in-stream `error` payload arrives as the SDK's APIError
 * and is passed on for classification. The one reader of OpenAI streams: `generate` collects it.
 *
 * @example
 * ```ts
 * const reader = readOpenAIStream(chunks, { publicUrl, sawDone: watched.sawDone });
 * for await (const delta of reader) show(delta); // text-delta, tool-call-delta
 * ```
 */
export async function* readOpenAIStream(
  chunks: AsyncIterable<unknown>,
  options: { publicUrl: string; sawDone: () => boolean },
): AsyncGenerator<ModelStreamDelta, OpenAIAnswer, undefined> {
  const aggregate = new StreamAggregate();
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<unknown>;
      try {
        next = await iterator.next();
      } catch (error) {
        if (isAgentOneError(error) || error instanceof APIError) throw error;
        // The body broke off (undici's "terminated"), or a line was not JSON because it was cut.
        throw openAICutStreamError({
          publicUrl: options.publicUrl,
          detail: "the connection broke",
          cause: error,
        });
      }
      if (next.done) break;
      const parsed = openAIChunkSchema.safeParse(next.value);
      if (!parsed.success) {
        throw openAIMalformedResponseError({ publicUrl: options.publicUrl, detail: parsed.error.message });
      }
      yield* aggregate.add(parsed.data);
    }
  } finally {
    // Stopped early (the consumer left, or a chunk was bad): close the SDK's stream and its body.
    await iterator.return?.();
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
