/*
 * Why plain `fetch` and not the `ollama` package (0.6.4), whose source we read:
 * - no per-request abort: `chat()` takes no signal; a stream gets its own AbortController and the only
 *   other way out is `Ollama.abort()`, which cancels every stream of the client;
 * - its `ResponseError` keeps the status but drops the headers, so `retry-after` is lost;
 * - a mid-stream `{"error": ...}` line and a stream without its done line both become a bare `Error`,
 *   which we could tell apart from a broken connection only by matching messages;
 * - it logs to the console on odd bodies and skips lines that are not JSON.
 * A small NDJSON reader (read-ndjson.ts) gives us all of this with no guessing.
 */

import { ConfigError } from "../../core/errors/index.js";
import { displayUrl } from "../http/safe-url.js";
import { type BaseUrlParts, splitBaseUrl, withQuery } from "../http/url-credentials.js";
import type {
  BackendWarning,
  ModelBackend,
  ModelRequest,
  ModelResponse,
  ModelStreamPart,
} from "../model-backend.js";
import { collectModelStream } from "../stream/collect-model-stream.js";
import { finishStream } from "../stream/finish-stream.js";
import { linkedAbortStream } from "../stream/link-abort.js";
import { convertToOllamaMessages } from "./convert-to-ollama-messages.js";
import { mapOllamaFinishReason } from "./map-ollama-finish-reason.js";
import type { OllamaChatLine, OllamaChatRequest } from "./ollama-api-types.js";
import { ollamaConnectionError, ollamaCutStreamError, ollamaHttpError } from "./ollama-error.js";
import { readOllamaChat } from "./read-ollama-chat.js";
import { readOllamaStream } from "./read-ollama-stream.js";
import { toOllamaToolCall } from "./to-ollama-tool-call.js";

/**
 * How to reach one Ollama server.
 *
 * @example
 * ```ts
 * const options: OllamaBackendOptions = { name: "ollama", baseUrl: "127.0.0.1:11434", stream: true };
 * ```
 */
export interface OllamaBackendOptions {
  /** The backend's name for provenance, e.g. `ollama`. */
  name: string;
  /**
   * Where the server is, e.g. `http://127.0.0.1:11434`; a bare `host[:port]` as in `OLLAMA_HOST` works too.
   * A query string (a gateway's `?key=`) goes on every request URL and is never shown.
   */
  baseUrl: string;
  /** Stream every call unless the request says otherwise. */
  stream?: boolean;
  fetch?: typeof fetch;
  /** The clock that dates `retry-after` hints given as an HTTP date. */
  now?: () => number;
}

const defaultPort = "11434";

/** Where to call, what to show, what every request URL carries, and what must never be written. */
interface OllamaAddress extends BaseUrlParts {
  shown: string;
}

/** The base URL taken apart: user info becomes a Basic header, the query string goes on every request. */
function resolveBaseUrl(baseUrl: string): OllamaAddress {
  const trimmed = baseUrl.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed);
  let url: URL;
  try {
    url = new URL(hasScheme ? trimmed : `http://${trimmed}`);
  } catch {
    // Neither the address nor Node's error (which quotes it) is repeated: it may hold a credential.
    throw new ConfigError("the Ollama address (baseUrl, OLLAMA_HOST) is not usable", { key: "baseUrl" });
  }
  // Like OLLAMA_HOST: a bare host means Ollama's own port, not port 80.
  if (!hasScheme && url.port === "") url.port = defaultPort;
  const parts = splitBaseUrl(url);
  return { ...parts, shown: displayUrl(parts.url) };
}

function buildChatRequest(request: ModelRequest, stream: boolean) {
  const { messages, warnings } = convertToOllamaMessages(request.messages);
  const body: OllamaChatRequest = {
    model: request.model,
    messages,
    ...(request.tools.length === 0
      ? {}
      : {
          tools: request.tools.map((tool) => ({
            type: "function" as const,
            function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
          })),
        }),
    // Sent even when false: Ollama streams when `stream` is absent.
    stream,
    options: {
      temperature: request.temperature,
      seed: request.seed,
      num_predict: request.maxOutputTokens,
      ...(request.contextWindow === undefined ? {} : { num_ctx: request.contextWindow }),
    },
  };
  return { body, warnings };
}

const millisecondsOf = (nanoseconds: number) => String(Math.round(nanoseconds / 1_000_000));

function toModelResponse(
  chat: OllamaChatLine,
  context: { model: string; baseUrl: string; warnings: BackendWarning[] },
): ModelResponse {
  const toolCalls = (chat.message?.tool_calls ?? []).map(toOllamaToolCall);
  const provenance: Record<string, string> = { baseUrl: context.baseUrl };
  if (typeof chat.total_duration === "number")
    provenance.totalDurationMs = millisecondsOf(chat.total_duration);
  if (typeof chat.load_duration === "number") provenance.loadDurationMs = millisecondsOf(chat.load_duration);
  return {
    text: chat.message?.content ?? "",
    toolCalls,
    finishReason: mapOllamaFinishReason(chat.done_reason, { hasToolCalls: toolCalls.length > 0 }),
    // Counts are omitted when zero: no `prompt_eval_count` means the whole prompt came from Ollama's cache.
    // Ollama does not say how many tokens were cached, so cached input is reported as 0.
    usage: {
      inputTokens: chat.prompt_eval_count ?? 0,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: chat.eval_count ?? 0,
      reasoningTokens: 0,
    },
    modelVersion: chat.model || context.model,
    ...(context.warnings.length > 0 ? { warnings: context.warnings } : {}),
    provenance,
  };
}

/**
 * A backend speaking Ollama's native `POST /api/chat`, streaming (NDJSON) or not. `stream` passes text
 * deltas and tool calls on as the lines arrive; `generate` with streaming on collects that same part
 * stream. Errors are typed
 * ModelCallErrors: a missing model is `not_found`, an overflowing prompt `context_length`, a busy server,
 * a broken stream or an error line inside a 200 stream are retryable.
 *
 * @example
 * ```ts
 * const backend = new OllamaBackend({ name: "ollama", baseUrl: process.env.OLLAMA_HOST ?? "127.0.0.1:11434" });
 * const response = await backend.generate({ model: "llama3.1:8b", messages, tools: [], maxOutputTokens: 512 });
 * ```
 */
export class OllamaBackend implements ModelBackend {
  readonly name: string;
  readonly #baseUrl: OllamaAddress;
  readonly #stream: boolean;
  readonly #fetch: typeof fetch;
  readonly #now: () => number;

  constructor(options: OllamaBackendOptions) {
    this.name = options.name;
    this.#baseUrl = resolveBaseUrl(options.baseUrl);
    this.#stream = options.stream ?? false;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#now = options.now ?? Date.now;
  }

  async generate(request: ModelRequest): Promise<ModelResponse> {
    if (request.stream ?? this.#stream) return collectModelStream(this.stream(request));
    const { body, warnings } = buildChatRequest(request, false);
    try {
      const response = await this.#post(body, request.signal);
      if (!response.ok) throw await ollamaHttpError(response, this.#now, this.#baseUrl.secrets);
      const chat = await readOllamaChat(response, { stream: false, secrets: this.#baseUrl.secrets });
      return toModelResponse(chat, { model: request.model, baseUrl: this.#baseUrl.shown, warnings });
    } catch (error) {
      // Whatever broke while the caller was aborting is the abort itself.
      if (request.signal?.aborted) throw request.signal.reason;
      throw error;
    }
  }

  /**
   * Streams the call whatever `request.stream` says. Leaving the loop early or aborting `request.signal`
   * aborts the HTTP request, which closes its connection.
   */
  stream(request: ModelRequest): AsyncGenerator<ModelStreamPart, void, undefined> {
    const { body, warnings } = buildChatRequest(request, true);
    const context = { model: request.model, baseUrl: this.#baseUrl.shown, warnings };
    return linkedAbortStream(
      request.signal,
      (signal) => this.#streamParts(body, { signal, context }),
      // Whatever broke while the caller was aborting is the abort itself.
      (error) => (request.signal?.aborted ? request.signal.reason : error),
    );
  }

  async *#streamParts(
    body: OllamaChatRequest,
    input: { signal: AbortSignal; context: Parameters<typeof toModelResponse>[1] },
  ): AsyncGenerator<ModelStreamPart> {
    const response = await this.#post(body, input.signal);
    if (!response.ok) throw await ollamaHttpError(response, this.#now, this.#baseUrl.secrets);
    if (!response.body) throw ollamaCutStreamError("the streaming response has no body");
    yield* finishStream(readOllamaStream(response.body, this.#baseUrl.secrets), (chat) =>
      toModelResponse(chat, input.context),
    );
  }

  async #post(body: OllamaChatRequest, signal: AbortSignal | undefined): Promise<Response> {
    try {
      return await this.#fetch(withQuery(`${this.#baseUrl.url}/api/chat`, this.#baseUrl.query), {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/x-ndjson, application/json",
          ...(this.#baseUrl.authorization ? { authorization: this.#baseUrl.authorization } : {}),
        },
        body: JSON.stringify(body),
        signal: signal ?? null,
      });
    } catch (error) {
      throw ollamaConnectionError(this.#baseUrl.shown, error, this.#baseUrl.secrets);
    }
  }
}
