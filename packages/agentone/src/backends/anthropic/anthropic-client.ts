/**
 * The part of the Anthropic backend that needs `@anthropic-ai/sdk` at runtime: the client, and the stream
 * reader and error conversion that test errors against the SDK's classes. The backend imports this module
 * on its first call, so loading AgentOne (or running on other backends) does not load the SDK; the error
 * classes come with the client that throws them, so classification is the same as with a static import.
 */
import Anthropic from "@anthropic-ai/sdk";
import type { BaseUrlParts } from "../http/url-credentials.js";

export { toAnthropicModelCallError } from "./anthropic-error.js";
export { readAnthropicStream } from "./read-anthropic-stream.js";

/**
 * An SDK client for one backend: no retries (AgentOne owns them), no key read from the environment, and
 * the key sent as `x-api-key`.
 *
 * @example
 * ```ts
 * const client = createAnthropicClient({ apiKey }, splitBaseUrl(new URL("https://api.anthropic.com"), apiKey));
 * ```
 */
export function createAnthropicClient(
  options: { apiKey?: string; fetch?: typeof fetch },
  baseUrl: BaseUrlParts,
): Anthropic {
  return new Anthropic({
    // A non-null key keeps the SDK from reading ANTHROPIC_API_KEY or local credential files.
    apiKey: options.apiKey ?? "",
    // The key travels as `x-api-key`, the header the Messages API documents and Anthropic-compatible
    // servers accept; SDK 1.x would send it as a bearer token, so `authorization` is switched off.
    defaultHeaders: { authorization: null, "x-api-key": options.apiKey ?? null },
    baseURL: baseUrl.url,
    ...(Object.keys(baseUrl.query).length > 0 ? { defaultQuery: baseUrl.query } : {}),
    // AgentOne owns retries (and their budget).
    maxRetries: 0,
    // Explicit, so the SDK does not refuse a large non-streaming max_tokens; AgentOne's own deadlines
    // arrive through the request's abort signal.
    timeout: 600_000,
    logLevel: "off",
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
