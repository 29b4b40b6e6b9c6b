import type Anthropic from "@anthropic-ai/sdk";
import { ConfigError } from "../../core/errors/index.js";
import { classifyHttpError } from "../http/classify-http-error.js";
import { readAcceptedJson } from "../http/read-accepted-body.js";
import { type BaseUrlParts, splitBaseUrl } from "../http/url-credentials.js";
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
import { anthropicMessageSchema } from "./anthropic-api-types.js";
import { cutStreamError } from "./anthropic-cut-error.js";
import { type AnthropicRequestBody, buildAnthropicRequest } from "./build-anthropic-request.js";
import { convertAnthropicUsage } from "./convert-anthropic-usage.js";
import { mapAnthropicFinishReason } from "./map-anthropic-finish-reason.js";
import { type AnthropicTurn, readAnthropicMessage } from "./read-anthropic-message.js";

export interface AnthropicBackendOptions {
  /** The backend's name in provenance and in model specs (`anthropic`). */
  name: string;
  /**
   * Where the API is, e.g. `https://api.anthropic.com`; the SDK appends `/v1/messages`. A query string (a
   * gateway's `?api_key=`) goes on every request URL and is never shown. Not a URL: a ConfigError.
   */
  baseUrl: string;
  /** Sent as `x-api-key`; never written to errors, events or provenance. Without one, no key is sent. */
  apiKey?: string;
  /** Stream every call that does not say otherwise (`ModelRequest.stream`). */
  stream?: boolean;
  fetch?: typeof fetch;
  /** Wall-clock time, for servers' `retry-after` dates and rate-limit reset times. Defaults to `Date.now`. */
  now?: () => number;
}

/**
 * The base URL taken apart. The SDK appends `/v1/messages`, so a base URL written OpenAI-style with `/v1`
 * loses it. Credentials in the URL are not sent in it (fetch refuses them, and its error would quote them);
 * the key goes in `x-api-key`. The URL's query string goes to the SDK as its default query, which it adds
 * to every request URL (appended to the base URL it would land before `/v1/messages`).
 */
function describeBaseUrl(baseUrl: string, apiKey: string | undefined): BaseUrlParts {
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    // No cause: Node's URL error carries the input, which may hold a credential.
    throw new ConfigError("the Anthropic backend's baseUrl is not a valid URL", { key: "baseUrl" });
  }
  parsed.pathname = parsed.pathname.replace(/\/+$/, "").replace(/\/v1$/, "");
  return splitBaseUrl(parsed, apiKey);
}

/** What the model said when it refused with empty content: the explanation, else the category. */
function refusalText(turn: AnthropicTurn): string {
  const details = turn.stopDetails;
  if (details?.explanation) return details.explanation;
  return details?.category ? `The model refused (${details.category}).` : "The model refused.";
}

/** The SDK-bound module, loaded on the first call (see anthropic-client.ts). */
type ClientModule = typeof import("./anthropic-client.js");

/**
 * A backend speaking Anthropic's Messages API (`POST /v1/messages`) through the official SDK, with the
 * SDK's retries off. `stream` passes text and tool-call deltas on as the events arrive; `generate` with
 * streaming on collects that same part stream. A stream cut before `message_stop` is a retryable
 * `cut_stream` error. Usage keeps Anthropic's convention that
 * `input_tokens` excludes cached tokens; cache reads and writes are reported separately.
 *
 * @example
 * ```ts
 * const backend = new AnthropicBackend({ name: "anthropic", baseUrl: "https://api.anthropic.com", apiKey });
 * const response = await backend.generate({ model: "claude-sonnet-4-20250514", messages, tools, maxOutputTokens: 1024 });
 * ```
 */
export class AnthropicBackend implements ModelBackend {
  readonly name: string;
  readonly #options: AnthropicBackendOptions;
  readonly #baseUrlParts: BaseUrlParts;
  /** The SDK client and its module, from the first call on (see `#connect`). */
  #connection: Promise<{ client: Anthropic; sdk: ClientModule }> | undefined;
  #sdk: ClientModule | undefined;
  readonly #stream: boolean;
  readonly #secrets: readonly string[];
  readonly #baseUrl: string;
  readonly #now: () => number;

  constructor(options: AnthropicBackendOptions) {
    this.name = options.name;
    const baseUrl = describeBaseUrl(options.baseUrl, options.apiKey);
    this.#options = options;
    this.#baseUrlParts = baseUrl;
    this.#stream = options.stream ?? false;
    this.#secrets = baseUrl.secrets;
    this.#baseUrl = baseUrl.url;
    this.#now = options.now ?? Date.now;
  }

  async generate(request: ModelRequest): Promise<ModelResponse> {
    if (request.stream ?? this.#stream) return collectModelStream(this.stream(request));
    const { body, warnings } = buildAnthropicRequest(request);
    try {
      const { turn, requestId } = await this.#whole(body, request.signal);
      return this.#response(turn, { warnings, requestId });
    } catch (error) {
      throw this.#failure(error, request);
    }
  }

  /**
   * Streams the call whatever `request.stream` says. Leaving the loop early or aborting `request.signal`
   * aborts the HTTP request, which closes its connection.
   */
  stream(request: ModelRequest): AsyncGenerator<ModelStreamPart, void, undefined> {
    const built = buildAnthropicRequest(request);
    return linkedAbortStream(
      request.signal,
      (signal) => this.#streamParts(built, signal),
      (error) => this.#failure(error, request),
    );
  }

  async *#streamParts(
    { body, warnings }: ReturnType<typeof buildAnthropicRequest>,
    signal: AbortSignal,
  ): AsyncGenerator<ModelStreamPart> {
    const { client, sdk } = await this.#connect();
    const { data, request_id } = await this.#post(client, { ...body, stream: true }, signal).withResponse();
    const reader = sdk.readAnthropicStream(data as AsyncIterable<unknown>);
    yield* finishStream(reader, (turn) => this.#response(turn, { warnings, requestId: request_id }));
  }

  #failure(error: unknown, request: ModelRequest): unknown {
    if (request.signal?.aborted) return request.signal.reason;
    // Before the SDK has loaded no SDK error can exist: the failure is the import's own, passed on as is.
    if (this.#sdk === undefined) return error;
    return this.#sdk.toAnthropicModelCallError(error, { secrets: this.#secrets, now: this.#now() });
  }

  /**
   * The SDK client and the module that made it, on the first call: a backend that is configured but never
   * called loads no SDK. The module is noted for `#failure`, which is synchronous.
   */
  #connect(): Promise<{ client: Anthropic; sdk: ClientModule }> {
    // A failed load is not kept: the next call tries again (a transient EMFILE must not break the
    // backend for the process's lifetime).
    this.#connection ??= import("./anthropic-client.js")
      .then((sdk) => {
        this.#sdk = sdk;
        return { client: sdk.createAnthropicClient(this.#options, this.#baseUrlParts), sdk };
      })
      .catch((error: unknown) => {
        this.#connection = undefined;
        throw error;
      });
    return this.#connection;
  }

  async #whole(body: AnthropicRequestBody, signal: AbortSignal | undefined) {
    // The raw response, so that a body cut after its status (the call was accepted, and billed) is a cut
    // answer, not a connection that never got one.
    const { client } = await this.#connect();
    const response = await this.#post(client, { ...body, stream: false }, signal).asResponse();
    const request_id = response.headers.get("request-id");
    const data = await readAcceptedJson(response, {
      onCut: (detail, cause) => cutStreamError(detail, cause),
      onMalformed: (detail, cause) =>
        classifyHttpError({ status: undefined, message: `malformed Anthropic response: ${detail}`, cause }),
    });
    const parsed = anthropicMessageSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join(".") ?? "";
      throw classifyHttpError({
        status: undefined,
        message: `malformed Anthropic response: ${where} ${issue?.message ?? "invalid"}`.trim(),
      });
    }
    return { turn: readAnthropicMessage(parsed.data), requestId: request_id };
  }

  /**
   * `POST /v1/messages` through the client's generic `post`, not `messages.create`: that method prints a
   * deprecation warning with `console.warn` on every call to a model the SDK lists as deprecated, whatever
   * the log level, and nothing from a dependency may print into AgentOne's output. The request is the same
   * one `create` sends (AgentOne sends no betas, so no extra headers), with the SDK's retries and errors.
   */
  #post(
    client: Anthropic,
    body: AnthropicRequestBody & { stream: boolean },
    signal: AbortSignal | undefined,
  ) {
    return client.post<unknown>("/v1/messages", { body, stream: body.stream, signal: signal ?? null });
  }

  #response(
    turn: AnthropicTurn,
    extras: { warnings: BackendWarning[]; requestId: string | null | undefined },
  ): ModelResponse {
    const finishReason = mapAnthropicFinishReason(turn.stopReason);
    return {
      // A refusal comes with no text; its explanation (or at least its category) is the model's answer.
      text: finishReason === "refusal" ? turn.text || refusalText(turn) : turn.text,
      toolCalls: turn.toolCalls,
      finishReason,
      usage: convertAnthropicUsage(turn.usage),
      modelVersion: turn.model,
      ...(extras.warnings.length > 0 ? { warnings: extras.warnings } : {}),
      provenance: {
        baseUrl: this.#baseUrl,
        ...(extras.requestId ? { requestId: extras.requestId } : {}),
        ...(turn.messageId ? { messageId: turn.messageId } : {}),
      },
    };
  }
}
