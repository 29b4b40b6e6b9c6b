// What needs the `openai` SDK at runtime (the client, the stream reader, the error conversion) is left out:
// it is in openai-client.ts, which the backend loads on its first call.
export { buildOpenAIRequest, type OutputLimitField, outputLimitFieldFor } from "./build-openai-request.js";
export { convertToOpenAIMessages } from "./convert-to-openai-messages.js";
export { mapOpenAIFinishReason } from "./map-openai-finish-reason.js";
export type { OpenAIAnswer } from "./openai-answer.js";
export { openAICutStreamError, openAIMalformedResponseError } from "./openai-answer-errors.js";
export {
  type OpenAIChunk,
  type OpenAICompletion,
  type OpenAIErrorBody,
  type OpenAIUsage,
  openAIChunkSchema,
  openAICompletionSchema,
  openAIErrorBodySchema,
  openAIUsageSchema,
} from "./openai-api-types.js";
export { OpenAICompatibleBackend, type OpenAICompatibleBackendOptions } from "./openai-compatible-backend.js";
export { describeOpenAIEndpoint, type OpenAIEndpoint } from "./openai-endpoint.js";
export { readOpenAICompletion } from "./read-openai-completion.js";
export { readOpenAIUsage } from "./read-openai-usage.js";
