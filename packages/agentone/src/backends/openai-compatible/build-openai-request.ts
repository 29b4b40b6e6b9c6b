import type { ChatCompletionCreateParamsBase } from "openai/resources/chat/completions";
import type { ModelRequest } from "../model-backend.js";
import { convertToOpenAIMessages } from "./convert-to-openai-messages.js";

/** The request field that carries the output limit. */
export type OutputLimitField = "max_tokens" | "max_completion_tokens";

/**
 * Which field carries the output limit for a server.
 *
 * - OpenAI deprecated `max_tokens` and rejects it (400) for reasoning models (o-series, gpt-5), so
 *   api.openai.com and Azure OpenAI get `max_completion_tokens`.
 * - Everything else gets `max_tokens`, the field every compatible server knows: Ollama's `/v1`
 *   compatibility list names `max_tokens`, and vLLM reads both fields but older versions only
 *   `max_tokens`. Both servers ignore unknown fields silently, so the newer name could leave an output
 *   unbounded (Ollama's default `num_predict` is infinite), which a budget cannot allow.
 *
 * @example
 * ```ts
 * outputLimitFieldFor("https://api.openai.com/v1"); // "max_completion_tokens"
 * outputLimitFieldFor("http://localhost:11434/v1"); // "max_tokens"
 * ```
 */
export function outputLimitFieldFor(baseUrl: string): OutputLimitField {
  const host = new URL(baseUrl).hostname;
  return host === "api.openai.com" || host.endsWith(".openai.azure.com")
    ? "max_completion_tokens"
    : "max_tokens";
}

/**
 * The Chat Completions body for a request, without `stream`. `tools` is left out when there are none
 * (OpenAI rejects an empty array) and so is `tool_choice` (Ollama's `/v1` does not support it; every
 * server defaults to `auto` when tools are given).
 *
 * @example
 * ```ts
 * buildOpenAIRequest(request, { outputLimitField: "max_tokens" });
 * // { model, messages, tools, temperature: 0, seed: 42, max_tokens: 256 }
 * ```
 */
export function buildOpenAIRequest(
  request: ModelRequest,
  options: { outputLimitField: OutputLimitField },
): Omit<ChatCompletionCreateParamsBase, "stream"> {
  return {
    model: request.model,
    messages: convertToOpenAIMessages(request.messages),
    ...(request.tools.length === 0
      ? {}
      : {
          tools: request.tools.map((tool) => ({
            type: "function" as const,
            function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
          })),
        }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.seed === undefined ? {} : { seed: request.seed }),
    [options.outputLimitField]: request.maxOutputTokens,
  };
}
