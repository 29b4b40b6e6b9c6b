export { AnthropicBackend, type AnthropicBackendOptions } from "./anthropic-backend.js";
export { convertToAnthropicMessages, convertToAnthropicTools } from "./convert-to-anthropic-messages.js";
export { mapAnthropicFinishReason } from "./map-anthropic-finish-reason.js";
