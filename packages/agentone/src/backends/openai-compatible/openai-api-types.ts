/**
 * What we read from OpenAI-compatible servers, as lenient zod schemas. The SDK's types describe OpenAI;
 * vLLM, Ollama's `/v1` and proxies omit fields, send `null` where OpenAI sends a value, use an integer
 * error `code`, or add fields of their own (`reasoning_content`, `stop_reason`). Unknown fields are kept,
 * missing optional ones are fine, and only what the adapter reads is required.
 */
import { z } from "zod";

/**
 * `usage`: `prompt_tokens` includes the cached tokens; the details objects are optional on other servers
 * (vLLM sends `prompt_tokens_details` only with `--enable-prompt-tokens-details`).
 *
 * @example
 * ```ts
 * openAIUsageSchema.parse({ prompt_tokens: 2006, completion_tokens: 18, prompt_tokens_details: { cached_tokens: 1920 } });
 * ```
 */
export const openAIUsageSchema = z.looseObject({
  prompt_tokens: z.number().nonnegative(),
  completion_tokens: z.number().nonnegative(),
  /** The witness of how reasoning is counted: xAI's is prompt + completion + reasoning (see readOpenAIUsage). */
  total_tokens: z.number().nonnegative().nullish(),
  prompt_tokens_details: z
    .looseObject({
      cached_tokens: z.number().nonnegative().nullish(),
      /** Not sent by OpenAI itself; some proxies report prompt-cache writes here. */
      cache_write_tokens: z.number().nonnegative().nullish(),
    })
    .nullish(),
  completion_tokens_details: z
    .looseObject({ reasoning_tokens: z.number().nonnegative().nullish() })
    .nullish(),
});
export type OpenAIUsage = z.output<typeof openAIUsageSchema>;

/**
 * Tool-call arguments are a JSON string on the wire. A server that sends an object instead (as Ollama's
 * native API does) gets it re-encoded, so the engine always receives raw JSON text.
 */
const argumentsSchema = z
  .union([z.string(), z.record(z.string(), z.unknown())])
  .nullish()
  .transform((value) => (typeof value === "string" ? value : value ? JSON.stringify(value) : ""));

/** One tool call of a non-streamed message. */
export const openAIToolCallSchema = z.looseObject({
  id: z.string().nullish(),
  type: z.string().nullish(),
  function: z.looseObject({ name: z.string(), arguments: argumentsSchema }),
});

/**
 * A non-streamed `chat.completion`.
 *
 * @example
 * ```ts
 * const completion = openAICompletionSchema.parse(await response.json());
 * completion.choices[0]?.message.content; // "Hello" or null
 * ```
 */
export const openAICompletionSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  system_fingerprint: z.string().nullish(),
  choices: z.array(
    z.looseObject({
      index: z.number().int().nonnegative().nullish(),
      finish_reason: z.string().nullish(),
      message: z.looseObject({
        content: z.string().nullish(),
        refusal: z.string().nullish(),
        tool_calls: z.array(openAIToolCallSchema).nullish(),
      }),
    }),
  ),
  usage: openAIUsageSchema.nullish(),
});
export type OpenAICompletion = z.output<typeof openAICompletionSchema>;

/** A tool-call fragment of a streamed delta: `index` says which call it extends; `id` and `name` come once. */
export const openAIToolCallDeltaSchema = z.looseObject({
  index: z.number().int().nonnegative().nullish(),
  id: z.string().nullish(),
  type: z.string().nullish(),
  function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
});
export type OpenAIToolCallDelta = z.output<typeof openAIToolCallDeltaSchema>;

/**
 * One streamed `chat.completion.chunk`. With `stream_options.include_usage` the last chunk has
 * `choices: []` and the usage; every other chunk carries `usage: null`.
 *
 * @example
 * ```ts
 * const chunk = openAIChunkSchema.parse({ model: "gpt-4o-mini", choices: [{ index: 0, delta: { content: "Hi" } }] });
 * ```
 */
export const openAIChunkSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  system_fingerprint: z.string().nullish(),
  choices: z
    .array(
      z.looseObject({
        index: z.number().int().nonnegative().nullish(),
        finish_reason: z.string().nullish(),
        delta: z
          .looseObject({
            content: z.string().nullish(),
            refusal: z.string().nullish(),
            tool_calls: z.array(openAIToolCallDeltaSchema).nullish(),
          })
          .nullish(),
      }),
    )
    .default([]),
  usage: openAIUsageSchema.nullish(),
});
export type OpenAIChunk = z.output<typeof openAIChunkSchema>;

/**
 * The inside of an error body. OpenAI sends `{"error": {message, type, param, code}}` with a string
 * `code`; vLLM sends the same with an integer `code` (the HTTP status); older vLLM sent these fields flat,
 * next to `"object": "error"`.
 *
 * @example
 * ```ts
 * openAIErrorBodySchema.parse({ message: "Rate limit reached", type: "tokens", code: "rate_limit_exceeded" });
 * ```
 */
export const openAIErrorBodySchema = z.looseObject({
  message: z.unknown().optional(),
  type: z.string().nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
  param: z.string().nullish(),
});
export type OpenAIErrorBody = z.output<typeof openAIErrorBodySchema>;
