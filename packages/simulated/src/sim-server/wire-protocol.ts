import type { ModelRequest, ModelSpec, Random } from "agentone";
import type { SimulatedAnswer } from "./simulated-answer.js";

/** A complete HTTP answer: status, headers and body. */
export interface WireReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A streamed answer: the frames (SSE events or NDJSON lines, each complete) in order. */
export interface WireStream {
  status: number;
  headers: Record<string, string>;
  frames: string[];
}

/** A request decoded into AgentOne's provider-neutral form, plus what the protocol needs to answer it. */
export interface WireCall {
  /** Without a `seed` when the request carries none: the server then derives one (request-seeds.ts). */
  request: Omit<ModelRequest, "signal" | "stream">;
  stream: boolean;
  /** The model as the client named it (echoed by protocols that echo it). */
  requestedModel: string;
  /** How many alternative answers the client asked for (OpenAI's `n`); 1 in the other protocols. */
  choices: number;
  /** The answer's text must be one JSON object (OpenAI's `response_format: {type: "json_object"}`). */
  jsonObject: boolean;
}

/** Per-request facts for building a reply: ids drawn from the request's own seeded generator, the time. */
export interface ReplyContext {
  random: Random;
  /** Milliseconds since the epoch, when the request arrived. */
  now: number;
}

export interface DecodeContext {
  models: readonly ModelSpec[];
}

/** The HTTP faults; `529` and `503` both mean "overloaded" (see fault-spec.ts). */
export type HttpFault = "429" | "500" | "503" | "529";

/**
 * One wire protocol: decoding its requests into `ModelRequest`s and encoding the simulator's answers,
 * streams and errors in its exact shapes. Every method that answers returns the protocol's headers too
 * (request ids), so the server adds nothing protocol-specific.
 */
export interface WireProtocol<Call extends WireCall> {
  /** Decodes a parsed JSON body; a `WireReply` is a ready error answer (400, 404). */
  decode(body: unknown, context: DecodeContext & ReplyContext): Call | WireReply;
  /** The answer to a body that is not JSON. */
  unreadableBody(detail: string, context: ReplyContext): WireReply;
  fault(
    fault: { kind: HttpFault; model: string; retryAfterSeconds: number },
    context: ReplyContext,
  ): WireReply;
  /** The answer when the server itself fails. */
  internalError(context: ReplyContext): WireReply;
  /** `answers` holds one answer per choice (`call.choices` of them). */
  encode(answers: readonly SimulatedAnswer[], call: Call, context: ReplyContext): WireReply;
  /** A stream, or a plain reply when the protocol fails the request before streaming (e.g. Ollama's 500). */
  encodeStream(
    answers: readonly SimulatedAnswer[],
    call: Call,
    context: ReplyContext,
  ): WireStream | WireReply;
  /**
   * Whether invalid tool-call JSON can reach the client in this call's answer. When it cannot, the
   * `malformed-tool-call` fault is injected as a cut connection instead.
   */
  carriesMalformedArguments(call: Call): boolean;
}

export const isWireReply = (value: unknown): value is WireReply =>
  typeof value === "object" && value !== null && "status" in value && "body" in value;

/** A JSON reply with the given status and headers. */
export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): WireReply {
  return { status, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
}
