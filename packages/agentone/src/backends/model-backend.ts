/**
 * The model backend contract: types only, no runtime code. The engine imports this module and nothing
 * else from `backends/` besides the registry.
 */
import type { Message, ToolCallRequest } from "../core/messages.js";
import type { TokenUsage } from "../core/token-usage.js";

/** A tool as offered to the model: name, description and a JSON Schema of its input. */
export interface ToolDefinition {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

export interface ModelRequest {
  /** The catalog id of the model to call. */
  model: string;
  messages: Message[];
  tools: ToolDefinition[];
  maxOutputTokens: number;
  temperature?: number;
  seed?: number;
  /**
   * `generate` only: use the protocol's streaming mode. `generate` still returns one aggregated response
   * (it collects its own `stream`); a stream cut before its end is a `cut_stream` error, never a silently
   * truncated answer. `stream` always streams, whatever this says.
   */
  stream?: boolean;
  /**
   * The context window the catalog gives the model: a hint for servers that must be told how much to load
   * (Ollama truncates prompts to its small default `num_ctx` otherwise). Other protocols ignore it.
   */
  contextWindow?: number;
  signal?: AbortSignal;
}

/**
 * Why the answer ended. `refusal` is the model declining to answer (OpenAI's `message.refusal`,
 * Anthropic's `stop_reason: "refusal"`); the response's text then carries the model's explanation.
 */
export type FinishReason = "stop" | "length" | "tool-calls" | "content-filter" | "refusal" | "other";

/** A capability the backend ignored, reported instead of thrown (the engine logs it and goes on). */
export interface BackendWarning {
  type: "unsupported";
  feature: string;
  detail?: string;
}

export interface ModelResponse {
  text: string;
  toolCalls: ToolCallRequest[];
  finishReason: FinishReason;
  usage: TokenUsage;
  /**
   * True when the server reported no usage and the backend counted it with the token counter (a server
   * that ignores `include_usage`). Budgets still run on it; the event log and the report say so.
   */
  usageEstimated?: boolean;
  /** The exact model id and version the server reported (e.g. a dated snapshot id). */
  modelVersion: string;
  warnings?: BackendWarning[];
  /** Server-side provenance: request id, system fingerprint, base URL (never credentials). */
  provenance?: Record<string, string>;
}

/**
 * One piece of a streamed answer, in the order the server sent it. Text and tool-call arguments arrive as
 * deltas; `finish` comes once, last, and carries the whole answer (text, tool calls, usage, finish reason,
 * model version) exactly as `generate` would have returned it, so a consumer that only wants the outcome
 * reads the last part. A stream that ends without `finish` did not complete: the iterator throws a
 * `ModelCallError` (`cut_stream` for a connection that broke) instead.
 */
export type ModelStreamPart =
  | { type: "text-delta"; text: string }
  | {
      type: "tool-call-delta";
      /** Which call of the turn this fragment extends (0-based, in the order the calls began). */
      index: number;
      /** Present on the first fragment of a call. */
      id?: string;
      /** Present on the first fragment of a call. */
      name?: string;
      /** A piece of the call's JSON arguments; the pieces of one index concatenate to the whole. */
      argumentsDelta: string;
    }
  | { type: "finish"; response: ModelResponse };

/** A part that is not `finish`: what an adapter's wire reader yields while the answer is still arriving. */
export type ModelStreamDelta = Exclude<ModelStreamPart, { type: "finish" }>;

/**
 * One backend (a protocol endpoint or the simulator) serving one or more models.
 *
 * @example
 * ```ts
 * const response = await backend.generate({ model: "sim-cheap", messages, tools: [], maxOutputTokens: 256 });
 * for await (const part of backend.stream({ model: "sim-cheap", messages, tools: [], maxOutputTokens: 256 })) {
 *   if (part.type === "text-delta") process.stdout.write(part.text);
 *   if (part.type === "finish") console.log(part.response.usage);
 * }
 * ```
 */
export interface ModelBackend {
  /** A short name for provenance, e.g. `simulated`, `openai`, `ollama`. */
  readonly name: string;
  /**
   * True for a backend that waits on the run's clock rather than on real I/O (the in-process simulator):
   * its calls' deadlines need no real-time mirror.
   */
  readonly waitsOnRunClock?: boolean;
  /** Throws `ModelCallError` on failure; aborts with `request.signal`. */
  generate(request: ModelRequest): Promise<ModelResponse>;
  /**
   * The same call, streamed: parts as they arrive, then one `finish` part. Failures before or during the
   * stream throw `ModelCallError` from the iterator. A consumer that stops reading (`break`, `return()`)
   * or aborts `request.signal` ends the request on the wire; the backend then releases its connection.
   */
  stream(request: ModelRequest): AsyncIterable<ModelStreamPart>;
}
