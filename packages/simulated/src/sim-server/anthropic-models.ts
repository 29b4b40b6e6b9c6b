import type { ModelSpec, TokenCounter } from "agentone";
import { estimateRequestTokens } from "agentone/internal";
import { anthropicProblemReply, anthropicRequestId, anthropicUnknownModel } from "./anthropic-errors.js";
import { anthropicPrompt, anthropicPromptSchema } from "./anthropic-protocol.js";
import { firstProblem } from "./protocol-errors.js";
import { jsonReply, type ReplyContext, type WireReply } from "./wire-protocol.js";

/**
 * Anthropic's endpoints besides Messages: `GET /v1/models`, `GET /v1/models/{model_id}` (told apart from
 * OpenAI's by the `anthropic-version` header every Anthropic client sends) and
 * `POST /v1/messages/count_tokens`.
 */

const modelObject = (model: ModelSpec, createdAt: string) => ({
  type: "model",
  id: model.id,
  display_name: model.id,
  created_at: createdAt,
});

export function anthropicModelList(
  models: readonly ModelSpec[],
  context: ReplyContext & { createdAt: string },
): WireReply {
  const body = {
    data: models.map((model) => modelObject(model, context.createdAt)),
    has_more: false,
    first_id: models[0]?.id ?? null,
    last_id: models.at(-1)?.id ?? null,
  };
  return jsonReply(200, body, { "request-id": anthropicRequestId(context) });
}

export function anthropicModel(
  models: readonly ModelSpec[],
  id: string,
  context: ReplyContext & { createdAt: string },
): WireReply {
  const model = models.find((candidate) => candidate.id === id);
  if (!model) return anthropicUnknownModel(id, context);
  return jsonReply(200, modelObject(model, context.createdAt), {
    "request-id": anthropicRequestId(context),
  });
}

/**
 * `POST /v1/messages/count_tokens`: `{"input_tokens": n}` for a Messages request without `max_tokens`,
 * counted exactly as the simulated model counts the same request's `usage.input_tokens`.
 */
export function anthropicCountTokens(
  body: unknown,
  context: ReplyContext & { models: readonly ModelSpec[]; tokenCounter: TokenCounter },
): WireReply {
  const parsed = anthropicPromptSchema.safeParse(body);
  if (!parsed.success) return anthropicProblemReply(firstProblem(parsed.error, body), context);
  const request = parsed.data;
  if (!context.models.some((model) => model.id === request.model))
    return anthropicUnknownModel(request.model, context);
  const inputTokens = estimateRequestTokens(context.tokenCounter, anthropicPrompt(request));
  return jsonReply(200, { input_tokens: inputTokens }, { "request-id": anthropicRequestId(context) });
}
