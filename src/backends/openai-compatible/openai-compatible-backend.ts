import type OpenAI from "openai";
import { isAgentOneError, ModelCallError } from "../../core/errors/index.js";
import type {
  BackendWarning,
  ModelBackend,
  ModelRequest,
  ModelResponse,
  TokenUsage,
} from "../model-backend.js";
import { estimateRequestTokens, type TokenCounter } from "../token-counter.js";
import { aggregateOpenAIStream } from "./aggregate-openai-stream.js";
import { buildOpenAIRequest, type OutputLimitField, outputLimitFieldFor } from "./build-openai-request.js";
import { createOpenAIClient } from "./create-openai-client.js";
import { mapOpenAIFinishReason } from "./map-openai-finish-reason.js";
import type { OpenAIAnswer } from "./openai-answer.js";
import { describeOpenAIEndpoint, type OpenAIEndpoint } from "./openai-endpoint.js";
import { toOpenAIModelCallError } from "./openai-error.js";
import { readOpenAICompletion } from "./read-openai-completion.js";
import { readOpenAIUsage } from "./read-openai-usage.js";

/** Local servers (vLLM, Ollama, llama.cpp) ignore the key, but the SDK requires one. */
const placeholderApiKey = "not-needed";

export interface OpenAICompatibleBackendOptions {
  /** The backend name for provenance and routing, e.g. `openai`, `vllm`. */
  name: string;
  /** The API root including `/v1`, e.g. `https://api.openai.com/v1` or `http://localhost:8000/v1`. */
  baseUrl: string;
  /** A secret: never written to events, provenance or error messages. */
  apiKey?: string;
  /** Stream every call unless the request says otherwise. */
  stream?: boolean;
  /** Estimates usage when a server reports none on a non-streamed answer. */
  tokenCounter?: TokenCounter;
  /** A fetch implementation for the SDK (a proxy-aware one, or a fake in tests). */
  fetch?: typeof fetch;
  /** Overrides the output-limit field chosen from the host (see `outputLimitFieldFor`). */
  outputLimitField?: OutputLimitField;
}

/** What came back from the wire, plus the HTTP request id when the server sent one. */
interface WireResult {
  answer: OpenAIAnswer;
  requestId: string | undefined;
}

function estimateUsage(
  counter: TokenCounter,
  input: { request: ModelRequest; answer: OpenAIAnswer },
): TokenUsage {
  let outputTokens = counter.count(input.answer.text);
  for (const call of input.answer.toolCalls)
    outputTokens += counter.count(call.name) + counter.count(call.arguments);
  return {
    inputTokens: estimateRequestTokens(counter, input.request),
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens,
    reasoningTokens: 0,
  };
}

/**
 * A backend for any server that speaks OpenAI Chat Completions: OpenAI itself, vLLM, Ollama's `/v1`,
 * llama.cpp, LiteLLM. It uses the official `openai` SDK with retries off (AgentOne's retry policy decides)
 * and turns every failure into a typed ModelCallError. A streamed answer is aggregated; a stream cut before
 * its `finish_reason` or usage chunk is a retryable `cut_stream`, never a truncated answer or zero usage.
 *
 * @example
 * ```ts
 * const backend = new OpenAICompatibleBackend({ name: "vllm", baseUrl: "http://localhost:8000/v1" });
 * const response = await backend.generate({ model: "meta-llama/Llama-3.1-8B-Instruct", messages, tools, maxOutputTokens: 512 });
 * response.usage; // { inputTokens, cachedInputTokens, cacheWriteTokens, outputTokens, reasoningTokens }
 * ```
 */
export class OpenAICompatibleBackend implements ModelBackend {
  readonly name: string;
  readonly #client: OpenAI;
  readonly #endpoint: OpenAIEndpoint;
  readonly #stream: boolean;
  readonly #tokenCounter: TokenCounter | undefined;
  readonly #outputLimitField: OutputLimitField;

  constructor(options: OpenAICompatibleBackendOptions) {
    this.name = options.name;
    this.#endpoint = describeOpenAIEndpoint({ baseUrl: options.baseUrl, apiKey: options.apiKey });
    this.#client = createOpenAIClient({
      baseUrl: this.#endpoint.url,
      apiKey: options.apiKey ?? placeholderApiKey,
      query: this.#endpoint.query,
      fetch: options.fetch,
    });
    this.#stream = options.stream ?? false;
    this.#tokenCounter = options.tokenCounter;
    this.#outputLimitField = options.outputLimitField ?? outputLimitFieldFor(this.#endpoint.url);
  }

  async generate(request: ModelRequest): Promise<ModelResponse> {
    const stream = request.stream ?? this.#stream;
    try {
      const result = stream ? await this.#callStreamed(request) : await this.#callWhole(request);
      return this.#toResponse(request, result);
    } catch (error) {
      // The caller's own abort (a budget stop, a kill switch) surfaces as the reason it gave.
      if (request.signal?.aborted) throw request.signal.reason;
      if (isAgentOneError(error)) throw error;
      throw toOpenAIModelCallError(error, {
        publicUrl: this.#endpoint.publicUrl,
        secrets: this.#endpoint.secrets,
        now: Date.now(),
      });
    }
  }

  async #callWhole(request: ModelRequest): Promise<WireResult> {
    const body = buildOpenAIRequest(request, { outputLimitField: this.#outputLimitField });
    const { data, response } = await this.#client.chat.completions
      .create({ ...body, stream: false }, { signal: request.signal })
      .withResponse();
    return {
      answer: readOpenAICompletion(data, { publicUrl: this.#endpoint.publicUrl }),
      requestId: response.headers.get("x-request-id") ?? undefined,
    };
  }

  async #callStreamed(request: ModelRequest): Promise<WireResult> {
    const body = buildOpenAIRequest(request, { outputLimitField: this.#outputLimitField });
    const { data, response } = await this.#client.chat.completions
      .create({ ...body, stream: true, stream_options: { include_usage: true } }, { signal: request.signal })
      .withResponse();
    return {
      // A stream that finished (it has its finish_reason) but never sent usage comes from a server that
      // ignores include_usage: estimate it (with a warning) when we can count tokens; otherwise refuse it.
      answer: await aggregateOpenAIStream(data, {
        publicUrl: this.#endpoint.publicUrl,
        expectUsage: this.#tokenCounter === undefined,
      }),
      requestId: response.headers.get("x-request-id") ?? undefined,
    };
  }

  #usageOf(request: ModelRequest, answer: OpenAIAnswer, warnings: BackendWarning[]): TokenUsage {
    if (answer.usage) return readOpenAIUsage(answer.usage);
    // Some servers omit usage on non-streamed answers. A budget cannot run on zeros: estimate, or fail.
    if (!this.#tokenCounter) {
      throw new ModelCallError(
        "bad_request",
        `${this.#endpoint.publicUrl} reported no token usage and backend '${this.name}' has no token counter to estimate it`,
      );
    }
    warnings.push({ type: "unsupported", feature: "usage", detail: "server reported no usage; estimated" });
    return estimateUsage(this.#tokenCounter, { request, answer });
  }

  #toResponse(request: ModelRequest, result: WireResult): ModelResponse {
    const { answer } = result;
    const warnings: BackendWarning[] = [];
    const usage = this.#usageOf(request, answer, warnings);
    const requestId = result.requestId ?? answer.id;
    return {
      text: answer.text,
      toolCalls: answer.toolCalls,
      finishReason: mapOpenAIFinishReason(answer.finishReason, { hasToolCalls: answer.toolCalls.length > 0 }),
      usage,
      modelVersion: answer.model ?? request.model,
      ...(warnings.length > 0 ? { warnings } : {}),
      provenance: {
        baseUrl: this.#endpoint.publicUrl,
        ...(requestId ? { requestId } : {}),
        ...(answer.systemFingerprint ? { systemFingerprint: answer.systemFingerprint } : {}),
      },
    };
  }
}
