/**
 * The shapes of Ollama's native `/api/chat`: what we send (plain types) and what we read (lenient zod
 * schemas). The response schemas accept unknown fields and missing metrics, because Ollama's metric
 * fields are `omitempty` and new server versions add fields.
 */
import { z } from "zod";

/** A tool call as Ollama sends and accepts it: `arguments` is a JSON object, not a string. */
export interface OllamaRequestToolCall {
  function: { name: string; arguments: Record<string, unknown> };
}

export type OllamaRequestMessage =
  | { role: "system" | "user"; content: string }
  | { role: "assistant"; content: string; tool_calls?: OllamaRequestToolCall[] }
  | { role: "tool"; tool_name: string; content: string };

export interface OllamaTool {
  type: "function";
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

/** The body of `POST /api/chat`. `stream` is always sent, since Ollama streams when it is absent. */
export interface OllamaChatRequest {
  model: string;
  messages: OllamaRequestMessage[];
  tools?: OllamaTool[];
  stream: boolean;
  options: { temperature?: number; seed?: number; num_predict?: number; num_ctx?: number };
}

/** One tool call in a response. Older servers omit `id` and `function.index`. */
export const ollamaToolCallSchema = z.looseObject({
  id: z.string().nullish(),
  function: z.looseObject({
    index: z.number().nullish(),
    name: z.string(),
    /** An object on every server we know; anything else is passed on as it is. */
    arguments: z.unknown().optional(),
  }),
});
export type OllamaToolCall = z.output<typeof ollamaToolCallSchema>;

/**
 * A non-streaming response, or one NDJSON line of a streaming one. Durations are in nanoseconds; a
 * missing count means 0 (for example `prompt_eval_count` when the prompt was fully cached).
 *
 * @example
 * ```ts
 * const line = ollamaChatLineSchema.parse({ model: "llama3.1:8b", message: { role: "assistant", content: "Hi" }, done: false });
 * ```
 */
export const ollamaChatLineSchema = z.looseObject({
  model: z.string().nullish(),
  message: z
    .looseObject({
      role: z.string().nullish(),
      content: z.string().nullish(),
      thinking: z.string().nullish(),
      tool_calls: z.array(ollamaToolCallSchema).nullish(),
    })
    .nullish(),
  done: z.boolean().nullish(),
  done_reason: z.string().nullish(),
  total_duration: z.number().nullish(),
  load_duration: z.number().nullish(),
  prompt_eval_count: z.number().nullish(),
  prompt_eval_duration: z.number().nullish(),
  eval_count: z.number().nullish(),
  eval_duration: z.number().nullish(),
});
export type OllamaChatLine = z.output<typeof ollamaChatLineSchema>;

/**
 * An error body (`{"error": "..."}`), whether it is a whole non-2xx response or one line inside a 200
 * stream. Ollama sends a string; an object with a `message` is accepted from proxies in front of it.
 *
 * @example
 * ```ts
 * ollamaErrorBodySchema.safeParse({ error: "model 'llama3.1:8b' not found" }).success; // true
 * ```
 */
export const ollamaErrorBodySchema = z.looseObject({
  error: z.union([z.string(), z.looseObject({ message: z.string() })]),
  signin_url: z.string().nullish(),
});
export type OllamaErrorBody = z.output<typeof ollamaErrorBodySchema>;
