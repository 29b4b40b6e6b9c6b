import { ConfigError } from "../../core/errors/index.js";
import { secretsOfUrl } from "../http/url-credentials.js";

/** Where an OpenAI-compatible server is, split into what is sent, what is shown, and what must be hidden. */
export interface OpenAIEndpoint {
  /** The base URL given to the SDK, without user info (fetch refuses URLs that carry credentials). */
  url: string;
  /** The base URL for provenance: origin and path only, no credentials, no query string. */
  publicUrl: string;
  /**
   * The base URL's query parameters, carried onto every request URL (some gateways take the key as
   * `?api_key=`): `/chat/completions?api_key=…`, `/models?api_key=…`.
   */
  query: Record<string, string>;
  /**
   * Every secret to scrub from error messages, in each form a server may echo it: the API key, any user
   * info the URL carried (and its Basic authorization token), and query parameters named like credentials.
   */
  secrets: string[];
}

/**
 * Parses a backend's base URL once, at construction. User info in the URL is dropped from what is sent
 * and shown and remembered as a secret; authenticate with `apiKey` instead. The URL itself never appears
 * in the error for a malformed value, since it may hold a credential.
 *
 * @example
 * ```ts
 * describeOpenAIEndpoint({ baseUrl: "https://user:pw@llm.internal/v1", apiKey: "sk-1234" });
 * // { url: "https://llm.internal/v1", publicUrl: "https://llm.internal/v1", query: {},
 * //   secrets: ["sk-1234", "user:pw" and their URL-encoded and base64 forms, ...] }
 * ```
 */
export function describeOpenAIEndpoint(options: {
  baseUrl: string;
  apiKey?: string | undefined;
}): OpenAIEndpoint {
  let parsed: URL;
  try {
    parsed = new URL(options.baseUrl);
  } catch {
    // No cause: Node's URL error carries the input, which may hold a credential.
    throw new ConfigError("the OpenAI-compatible backend's baseUrl is not a valid URL", { key: "baseUrl" });
  }
  const query = Object.fromEntries(parsed.searchParams);
  const secrets = secretsOfUrl(parsed, options.apiKey);
  parsed.username = "";
  parsed.password = "";
  parsed.search = "";
  parsed.hash = "";
  const path = parsed.pathname.replace(/\/+$/, "");
  return {
    url: parsed.toString().replace(/\/+$/, ""),
    publicUrl: `${parsed.origin}${path}`,
    query,
    secrets,
  };
}
