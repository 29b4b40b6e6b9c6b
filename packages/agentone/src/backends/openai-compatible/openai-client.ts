/**
 * The part of the OpenAI-compatible backend that needs the `openai` SDK at runtime: the client, the SSE
 * stream reader, and the stream parser and error conversion that test errors against the SDK's classes.
 * The backend imports this module on its first call, so loading AgentOne (or running on other backends)
 * does not load the SDK; the error classes come with the client that throws them, so classification is
 * the same as with a static import.
 */
export { Stream } from "openai/streaming";
export { createOpenAIClient } from "./create-openai-client.js";
export { toOpenAIModelCallError } from "./openai-error.js";
export { readOpenAIStream } from "./read-openai-stream.js";
