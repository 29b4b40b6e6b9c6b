import OpenAI from "openai";

/** Long enough for a slow local model to start answering; AgentOne bounds calls with its own AbortSignal. */
export const openAIClientTimeoutMs = 15 * 60 * 1000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The SDK keeps only `body.error` of an error response, so older vLLM's flat body
 * (`{"object":"error","message":…,"type":…,"code":…}`) would arrive as "400 status code (no body)". This
 * client nests such a body under `error` before the SDK builds its APIError.
 */
class CompatibleOpenAIClient extends OpenAI {
  protected override makeStatusError(
    ...[status, body, message, headers]: Parameters<OpenAI["makeStatusError"]>
  ): ReturnType<OpenAI["makeStatusError"]> {
    const flat = isRecord(body) && !("error" in body) && "message" in body;
    return super.makeStatusError(status, flat ? { error: body } : body, message, headers);
  }
}

/**
 * An `openai` SDK client for one OpenAI-compatible server. It never retries (AgentOne's retry policy
 * owns retries, budgets and backoff) and reads nothing from the environment: no `OPENAI_*` key,
 * organization, project or log level leaks into a call to a server it was not meant for.
 *
 * @example
 * ```ts
 * const client = createOpenAIClient({ baseUrl: "http://localhost:8000/v1", apiKey: "not-needed" });
 * ```
 */
export function createOpenAIClient(options: {
  baseUrl: string;
  apiKey: string;
  /** Query parameters added to every request URL (the base URL's own, which the SDK would misplace). */
  query?: Record<string, string> | undefined;
  fetch?: typeof fetch | undefined;
}): OpenAI {
  return new CompatibleOpenAIClient({
    baseURL: options.baseUrl,
    apiKey: options.apiKey,
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    maxRetries: 0,
    timeout: openAIClientTimeoutMs,
    logLevel: "off",
    ...(options.query && Object.keys(options.query).length > 0 ? { defaultQuery: options.query } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
