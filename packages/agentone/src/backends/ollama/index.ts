export { convertToOllamaMessages } from "./convert-to-ollama-messages.js";
export { mapOllamaFinishReason } from "./map-ollama-finish-reason.js";
export {
  type OllamaChatLine,
  type OllamaChatRequest,
  type OllamaRequestMessage,
  type OllamaTool,
  type OllamaToolCall,
  ollamaChatLineSchema,
  ollamaErrorBodySchema,
} from "./ollama-api-types.js";
export { OllamaBackend, type OllamaBackendOptions } from "./ollama-backend.js";
export {
  ollamaConnectionError,
  ollamaCutStreamError,
  ollamaErrorMessage,
  ollamaHttpError,
  ollamaStreamError,
} from "./ollama-error.js";
export { readNdjson } from "./read-ndjson.js";
export { readOllamaChat } from "./read-ollama-chat.js";
