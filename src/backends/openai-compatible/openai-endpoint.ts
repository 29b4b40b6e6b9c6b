import { ConfigError } from "../../core/errors/index.js";

/** Where an OpenAI-compatible server is, split into what is sent, what is shown, and what must be hidden. */
export interface OpenAIEndpoint {
  /** The base URL given to the SDK, without user info (fetch refuses URLs that carry credentials). */
  url: string;
  /** The base URL for provenance: origin and path only, no credentials, no query string. */
  publicUrl: string;
  /** Every secret to scrub from error messages: the API key and any user info the URL carried. */
  secrets: string[];
}

// Shorter values would match ordinary words; nothing that short is a real key.
const minimumSecretLength = 4;

/**
 * Parses a backend's base URL once, at construction. User info in the URL is dropped from what is sent
 * and shown and remembered as a secret; authenticate with `apiKey` instead. The URL itself never appears
 * in the error for a malformed value, since it may hold a credential.
 *
 * @example
 * ```ts
 * describeOpenAIEndpoint({ baseUrl: "https://user:pw@llm.internal/v1", apiKey: "sk-1234" });
 * // { url: "https://llm.internal/v1", publicUrl: "https://llm.internal/v1", secrets: ["sk-1234", "user", "pw"] }
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
  const userInfo = [parsed.username, parsed.password];
  const secrets = [options.apiKey, ...userInfo, ...userInfo.map((part) => decodeURIComponent(part))].filter(
    (value): value is string => value !== undefined && value.length >= minimumSecretLength,
  );
  parsed.username = "";
  parsed.password = "";
  const path = parsed.pathname.replace(/\/+$/, "");
  return {
    url: parsed.toString().replace(/\/+$/, ""),
    publicUrl: `${parsed.origin}${path}`,
    secrets: [...new Set(secrets)],
  };
}
