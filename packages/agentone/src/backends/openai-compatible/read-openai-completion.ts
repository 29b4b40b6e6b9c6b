import type { OpenAIAnswer } from "./openai-answer.js";
import { fallbackToolCallId } from "./openai-answer.js";
import { openAIMalformedResponseError } from "./openai-answer-errors.js";
import { openAICompletionSchema } from "./openai-api-types.js";

/**
 * Reads a non-streamed `chat.completion` (first choice). A refusal has no `content`, so its text stands in
 * for it, and `refusal` marks the answer as one: the engine then sees that and why the model declined.
 *
 * @example
 * ```ts
 * const answer = readOpenAICompletion(data, { publicUrl: "https://api.openai.com/v1" });
 * answer.text; // "Hello"
 * ```
 */
export function readOpenAICompletion(value: unknown, options: { publicUrl: string }): OpenAIAnswer {
  const parsed = openAICompletionSchema.safeParse(value);
  if (!parsed.success) {
    throw openAIMalformedResponseError({ publicUrl: options.publicUrl, detail: parsed.error.message });
  }
  const completion = parsed.data;
  const choice = completion.choices.find((candidate) => (candidate.index ?? 0) === 0);
  if (!choice) {
    throw openAIMalformedResponseError({
      publicUrl: options.publicUrl,
      detail: "the response has no choice",
    });
  }
  const message = choice.message;
  return {
    text: message.content || message.refusal || "",
    refusal: message.refusal || undefined,
    toolCalls: (message.tool_calls ?? []).map((call, position) => ({
      id: call.id || fallbackToolCallId(position),
      name: call.function.name,
      arguments: call.function.arguments,
    })),
    finishReason: choice.finish_reason ?? undefined,
    usage: completion.usage ?? undefined,
    model: completion.model ?? undefined,
    id: completion.id ?? undefined,
    systemFingerprint: completion.system_fingerprint ?? undefined,
  };
}
