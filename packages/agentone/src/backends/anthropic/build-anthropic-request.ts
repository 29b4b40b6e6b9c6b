import type { MessageCreateParamsBase } from "@anthropic-ai/sdk/resources/messages/messages";
import type { BackendWarning, ModelRequest } from "../model-backend.js";
import { convertToAnthropicMessages, convertToAnthropicTools } from "./convert-to-anthropic-messages.js";
import { markCacheBreakpoints } from "./mark-cache-breakpoints.js";

/**
 * The request body. SDK 1.x (API version 2026-10-21) no longer lists `temperature` in its types; AgentOne
 * still sends it when the caller sets one, as the Messages API documents it.
 */
export type AnthropicRequestBody = Omit<MessageCreateParamsBase, "stream"> & { temperature?: number };

/**
 * Builds the Messages API body for a request, with warnings for what the API cannot express: there is no
 * `seed` parameter, so a seed is reported and dropped. The stable prefix (tools, system prompt, the
 * conversation before the trailing budget line) is marked for prompt caching once it is long enough to be
 * cached (`markCacheBreakpoints`).
 *
 * @example
 * ```ts
 * const { body, warnings } = buildAnthropicRequest({ model: "claude-sonnet-4-20250514", messages, tools: [], maxOutputTokens: 512, seed: 7 });
 * // warnings: [{ type: "unsupported", feature: "seed", ... }]
 * ```
 */
export function buildAnthropicRequest(request: ModelRequest): {
  body: AnthropicRequestBody;
  warnings: BackendWarning[];
} {
  const conversation = convertToAnthropicMessages(request.messages);
  const warnings = [...conversation.warnings];
  if (request.seed !== undefined) {
    warnings.push({
      type: "unsupported",
      feature: "seed",
      detail: "the Anthropic Messages API has no seed parameter; the request was sent without it",
    });
  }
  const cacheable = markCacheBreakpoints({
    messages: conversation.messages,
    ...(conversation.system === undefined ? {} : { system: conversation.system }),
    ...(request.tools.length === 0 ? {} : { tools: convertToAnthropicTools(request.tools) }),
  });
  const body: AnthropicRequestBody = {
    model: request.model,
    max_tokens: request.maxOutputTokens,
    ...cacheable,
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
  };
  return { body, warnings };
}
