import type { BackendConfig } from "../backends/backend-config.js";
import { ConfigError } from "../core/errors/index.js";

/**
 * An http(s) URL from an environment variable, with or without a scheme (OLLAMA_HOST is often
 * `127.0.0.1:11434`); `defaultPort` applies when none is given. A ConfigError names the variable.
 */
function urlFrom(variable: string, value: string, defaultPort?: string): string {
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
  let url: URL;
  try {
    url = new URL(hasScheme ? value : `http://${value}`);
  } catch {
    throw new ConfigError(`${variable} is not a URL`, { key: variable });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new ConfigError(`${variable} must be an http or https URL`, { key: variable });
  if (!hasScheme && defaultPort && url.port === "") url.port = defaultPort;
  return url.toString().replace(/\/$/, "");
}

/**
 * Backends implied by the usual environment variables: `OPENAI_API_KEY` / `OPENAI_BASE_URL`,
 * `ANTHROPIC_API_KEY` / `ANTHROPIC_BASE_URL`, `OLLAMA_HOST`, and `VLLM_BASE_URL` / `VLLM_API_KEY` for vLLM
 * or any other OpenAI-compatible server.
 */
export function backendsFromEnvironment(env: Record<string, string | undefined>): BackendConfig[] {
  const backends: BackendConfig[] = [];
  if (env.OPENAI_API_KEY || env.OPENAI_BASE_URL) {
    backends.push({
      name: "openai",
      protocol: "openai",
      baseUrl: env.OPENAI_BASE_URL
        ? urlFrom("OPENAI_BASE_URL", env.OPENAI_BASE_URL)
        : "https://api.openai.com/v1",
      ...(env.OPENAI_API_KEY ? { apiKey: env.OPENAI_API_KEY } : {}),
      stream: false,
    });
  }
  if (env.ANTHROPIC_API_KEY) {
    backends.push({
      name: "anthropic",
      protocol: "anthropic",
      baseUrl: env.ANTHROPIC_BASE_URL
        ? urlFrom("ANTHROPIC_BASE_URL", env.ANTHROPIC_BASE_URL)
        : "https://api.anthropic.com",
      apiKey: env.ANTHROPIC_API_KEY,
      stream: false,
    });
  }
  if (env.OLLAMA_HOST)
    backends.push({
      name: "ollama",
      protocol: "ollama",
      baseUrl: urlFrom("OLLAMA_HOST", env.OLLAMA_HOST, "11434"),
      stream: false,
    });
  if (env.VLLM_BASE_URL) {
    backends.push({
      name: "vllm",
      protocol: "openai",
      baseUrl: urlFrom("VLLM_BASE_URL", env.VLLM_BASE_URL),
      ...(env.VLLM_API_KEY ? { apiKey: env.VLLM_API_KEY } : {}),
      stream: false,
    });
  }
  return backends;
}
