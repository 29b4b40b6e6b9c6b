import type OpenAI from "openai";
import { isAgentOneError } from "../../core/errors/index.js";
import type { TokenUsage } from "../../core/token-usage.js";
import { readAcceptedJson } from "../http/read-accepted-body.js";
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
import { estimateRequestTokens, loadTokenCounter, type TokenCounter } from "../token-counter.js";
import { buildOpenAIRequest, type OutputLimitField, outputLimitFieldFor } from "./build-openai-request.js";
import { mapOpenAIFinishReason } from "./map-openai-finish-reason.js";
import type { OpenAIAnswer } from "./openai-answer.js";
import { openAICutStreamError, openAIMalformedResponseError } from "./openai-answer-errors.js";
import { describeOpenAIEndpoint, type OpenAIEndpoint } from "./openai-endpoint.js";
import { readOpenAICompletion } from "./read-openai-completion.js";
import { readOpenAIUsage } from "./read-openai-usage.js";
import { watchSseDone } from "./watch-sse-done.js";

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
  /**
   * Estimates usage when a server reports none (it ignores `include_usage`, or omits usage altogether).
   * Without one the backend loads the default counter the first time it needs it.
   */
  tokenCounter?: TokenCounter;
  /** A fetch implementation for the SDK (a proxy-aware one, or a fake in tests). */
  fetch?: typeof fetch;
  /** Overrides the output-limit field chosen from the host (see `outputLimitFieldFor`). */
  outputLimitField?: OutputLimitField;
}

/** The SDK-bound module, loaded on the first call (see openai-client.ts). */
type ClientModule = typeof import("./openai-client.js");

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
 * and turns every failure into a typed ModelCallError. `stream` passes text and tool-call deltas on as the
 * SSE chunks arrive; `generate` with streaming on collects that same part stream. A stream cut before its
 * `finish_reason`, or before its usage chunk and `[DONE]`, is a retryable `cut_stream`, never a truncated
 * answer or zero usage; so is a non-streamed body cut after its HTTP status. A complete answer without
 * usage has it estimated with the token counter and marked `usageEstimated`.
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
  readonly #apiKey: string;
  readonly #fetch: typeof fetch | undefined;
  /** The SDK client and its module, from the first call on (see `#connect`). */
  #connection: Promise<{ client: OpenAI; sdk: ClientModule }> | undefined;
  #sdk: ClientModule | undefined;
  readonly #endpoint: OpenAIEndpoint;
  readonly #stream: boolean;
  #tokenCounter: TokenCounter | undefined;
  readonly #outputLimitField: OutputLimitField;

  constructor(options: OpenAICompatibleBackendOptions) {
    this.name = options.name;
    this.#endpoint = describeOpenAIEndpoint({ baseUrl: options.baseUrl, apiKey: options.apiKey });
    this.#apiKey = options.apiKey ?? placeholderApiKey;
    this.#fetch = options.fetch;
    this.#stream = options.stream ?? false;
    this.#tokenCounter = options.tokenCounter;
    this.#outputLimitField = options.outputLimitField ?? outputLimitFieldFor(this.#endpoint.url);
  }

  async generate(request: ModelRequest): Promise<ModelResponse> {
    if (request.stream ?? this.#stream) return collectModelStream(this.stream(request));
    try {
      return await this.#toResponse(request, await this.#callWhole(request));
    } catch (error) {
      throw this.#failure(error, request);
    }
  }

  /**
   * Streams the call whatever `request.stream` says. Leaving the loop early or aborting `request.signal`
   * aborts the HTTP request, which closes its connection.
   */
  stream(request: ModelRequest): AsyncGenerator<ModelStreamPart, void, undefined> {
    return linkedAbortStream(
      request.signal,
      (signal) => this.#streamParts(request, signal),
      (error) => this.#failure(error, request),
    );
  }

  async *#streamParts(request: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelStreamPart> {
    const { chunks, sdk, sawDone, requestId } = await this.#openStream(request, signal);
    const reader = sdk.readOpenAIStream(chunks, { publicUrl: this.#endpoint.publicUrl, sawDone });
    yield* finishStream(reader, (answer) => this.#toResponse(request, { answer, requestId }));
  }

  #failure(error: unknown, request: ModelRequest): unknown {
    // The caller's own abort (a budget stop, a kill switch) surfaces as the reason it gave.
    if (request.signal?.aborted) return request.signal.reason;
    if (isAgentOneError(error)) return error;
    // Before the SDK has loaded no SDK error can exist: the failure is the import's own, passed on as is.
    if (this.#sdk === undefined) return error;
    return this.#sdk.toOpenAIModelCallError(error, {
      publicUrl: this.#endpoint.publicUrl,
      secrets: this.#endpoint.secrets,
      now: Date.now(),
    });
  }

  /**
   * The SDK client and the module that made it, on the first call: a backend that is configured but never
   * called loads no SDK. The module is noted for `#failure`, which is synchronous.
   */
  #connect(): Promise<{ client: OpenAI; sdk: ClientModule }> {
    // A failed load is not kept: the next call tries again (a transient EMFILE must not break the
    // backend for the process's lifetime).
    this.#connection ??= import("./openai-client.js")
      .then((sdk) => {
        this.#sdk = sdk;
        const client = sdk.createOpenAIClient({
          baseUrl: this.#endpoint.url,
          apiKey: this.#apiKey,
          query: this.#endpoint.query,
          fetch: this.#fetch,
        });
        return { client, sdk };
      })
      .catch((error: unknown) => {
        this.#connection = undefined;
        throw error;
      });
    return this.#connection;
  }

  async #callWhole(request: ModelRequest): Promise<WireResult> {
    // Connected first: whatever fails after this is classified as it always was (see `#failure`).
    const { client } = await this.#connect();
    const body = buildOpenAIRequest(request, { outputLimitField: this.#outputLimitField });
    // The raw response, so that a body cut after the status (the call was accepted, and billed) is told
    // apart from a connection that never got an answer.
    const response = await client.chat.completions
      .create({ ...body, stream: false }, { signal: request.signal })
      .asResponse();
    const publicUrl = this.#endpoint.publicUrl;
    const data = await readAcceptedJson(response, {
      onCut: (detail, cause) => openAICutStreamError({ publicUrl, detail, cause }),
      onMalformed: (detail) => openAIMalformedResponseError({ publicUrl, detail }),
    });
    return {
      answer: readOpenAICompletion(data, { publicUrl }),
      requestId: response.headers.get("x-request-id") ?? undefined,
    };
  }

  async #openStream(request: ModelRequest, signal: AbortSignal) {
    const { client, sdk } = await this.#connect();
    const body = buildOpenAIRequest(request, { outputLimitField: this.#outputLimitField });
    const response = await client.chat.completions
      .create({ ...body, stream: true, stream_options: { include_usage: true } }, { signal })
      .asResponse();
    if (!response.body) {
      throw openAICutStreamError({ publicUrl: this.#endpoint.publicUrl, detail: "the stream has no body" });
    }
    // The SDK reads the events but swallows `[DONE]`, which is what says the stream ended properly.
    const watched = watchSseDone(response.body);
    const chunks = sdk.Stream.fromSSEResponse<unknown>(
      new Response(watched.body, { status: response.status, headers: response.headers }),
      new AbortController(),
      // Without its client the stream logs a bad line to the console; the client's log level is off.
      client,
    );
    return {
      chunks,
      sdk,
      sawDone: watched.sawDone,
      requestId: response.headers.get("x-request-id") ?? undefined,
    };
  }

  async #usageOf(
    request: ModelRequest,
    answer: OpenAIAnswer,
    warnings: BackendWarning[],
  ): Promise<{ usage: TokenUsage; estimated: boolean }> {
    if (answer.usage) return { usage: readOpenAIUsage(answer.usage), estimated: false };
    // The answer is complete but its server reported no usage (it ignores include_usage, or omits usage
    // altogether). A budget cannot run on zeros, and retrying gets the same answer: count it ourselves.
    this.#tokenCounter ??= await loadTokenCounter();
    warnings.push({ type: "unsupported", feature: "usage", detail: "server reported no usage; estimated" });
    return { usage: estimateUsage(this.#tokenCounter, { request, answer }), estimated: true };
  }

  async #toResponse(request: ModelRequest, result: WireResult): Promise<ModelResponse> {
    const { answer } = result;
    const warnings: BackendWarning[] = [];
    const { usage, estimated } = await this.#usageOf(request, answer, warnings);
    const requestId = result.requestId ?? answer.id;
    return {
      text: answer.text,
      toolCalls: answer.toolCalls,
      finishReason: mapOpenAIFinishReason(answer.finishReason, {
        hasToolCalls: answer.toolCalls.length > 0,
        refused: answer.refusal !== undefined,
      }),
      usage,
      ...(estimated ? { usageEstimated: true } : {}),
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
