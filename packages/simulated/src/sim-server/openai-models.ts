import type { ModelSpec } from "agentone";
import { errorReply, openAiHeaders } from "./openai-errors.js";
import { jsonReply, type ReplyContext, type WireReply } from "./wire-protocol.js";

/** OpenAI's models endpoints: `GET /v1/models` and `GET /v1/models/{model}`. */

const modelObject = (model: ModelSpec, created: number) => ({
  id: model.id,
  object: "model",
  created,
  owned_by: "agentone",
});

/** `GET /v1/models`: the list object. */
export function openAiModelList(
  models: readonly ModelSpec[],
  context: ReplyContext & { created: number },
): WireReply {
  const data = models.map((model) => modelObject(model, context.created));
  return jsonReply(200, { object: "list", data }, openAiHeaders(context));
}

/** `GET /v1/models/{model}`: the model object, or OpenAI's 404 for a model it does not serve. */
export function openAiModel(
  models: readonly ModelSpec[],
  id: string,
  context: ReplyContext & { created: number },
): WireReply {
  const model = models.find((candidate) => candidate.id === id);
  if (!model)
    return errorReply(
      404,
      {
        message: `The model '${id}' does not exist`,
        type: "invalid_request_error",
        param: "model",
        code: "model_not_found",
      },
      context,
    );
  return jsonReply(200, modelObject(model, context.created), openAiHeaders(context));
}
