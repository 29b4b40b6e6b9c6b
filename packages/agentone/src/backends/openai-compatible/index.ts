export { buildOpenAIRequest, type OutputLimitField, outputLimitFieldFor } from "./build-openai-request.js";
export { convertToOpenAIMessages } from "./convert-to-openai-messages.js";
export { createOpenAIClient, openAIClientTimeoutMs } from "./create-openai-client.js";
export { mapOpenAIFinishReason } from "./map-openai-finish-reason.js";
export type { OpenAIAnswer } from "./openai-answer.js";
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
export {
  type OpenAIErrorContext,
  openAICutStreamError,
  openAIMalformedResponseError,
  toOpenAIModelCallError,
} from "./openai-error.js";
export { readOpenAICompletion } from "./read-openai-completion.js";
export { readOpenAIStream } from "./read-openai-stream.js";
export { readOpenAIUsage } from "./read-openai-usage.js";
