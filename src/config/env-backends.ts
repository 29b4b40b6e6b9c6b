import type { BackendConfig } from "../backends/backend-config.js";

/** With a scheme or without, as OLLAMA_HOST is often set (`127.0.0.1:11434`). */
function withScheme(host: string): string {
  return /^https?:\/\//.test(host) ? host : `http://${host}`;
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
      baseUrl: env.OPENAI_BASE_URL || "https://api.openai.com/v1",
      ...(env.OPENAI_API_KEY ? { apiKey: env.OPENAI_API_KEY } : {}),
      stream: false,
    });
  }
  if (env.ANTHROPIC_API_KEY) {
    backends.push({
      name: "anthropic",
      protocol: "anthropic",
      baseUrl: env.ANTHROPIC_BASE_URL || "https://api.anthropic.com",
      apiKey: env.ANTHROPIC_API_KEY,
      stream: false,
    });
  }
  if (env.OLLAMA_HOST)
    backends.push({
      name: "ollama",
      protocol: "ollama",
      baseUrl: withScheme(env.OLLAMA_HOST),
      stream: false,
    });
  if (env.VLLM_BASE_URL) {
    backends.push({
      name: "vllm",
      protocol: "openai",
      baseUrl: withScheme(env.VLLM_BASE_URL),
      ...(env.VLLM_API_KEY ? { apiKey: env.VLLM_API_KEY } : {}),
      stream: false,
    });
  }
  return backends;
}
