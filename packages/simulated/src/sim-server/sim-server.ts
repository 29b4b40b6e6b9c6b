import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Clock, ModelSpec, TokenCounter } from "agentone";
import { createRandom, isAgentOneError } from "agentone";
import { simulatorVersion } from "../backends/simulated/simulated-backend.js";
import { simulatedModels } from "../backends/simulated/simulated-models.js";
import { anthropicNotFound } from "./anthropic-errors.js";
import { anthropicCountTokens, anthropicModel, anthropicModelList } from "./anthropic-models.js";
import { anthropicProtocol } from "./anthropic-protocol.js";
import { createFaultInjector, type FaultSpec } from "./fault-spec.js";
import { readBody, sendReply, sendStream, untilAborted } from "./http-exchange.js";
import { ollamaRunning, ollamaShow, ollamaTags, ollamaVersion } from "./ollama-models.js";
import { ollamaProtocol } from "./ollama-protocol.js";
import { openAiModel, openAiModelList } from "./openai-models.js";
import { openAiProtocol } from "./openai-protocol.js";
import { parseJsonBody } from "./protocol-errors.js";
import { choiceSeed, createRequestSeeds } from "./request-seeds.js";
import { ScaledClock } from "./scaled-clock.js";
import {
  answerWithSimulator,
  asJsonObject,
  type SimulatedAnswer,
  withMalformedToolCall,
} from "./simulated-answer.js";
import {
  isWireReply,
  jsonReply,
  type ReplyContext,
  type WireCall,
  type WireProtocol,
  type WireReply,
} from "./wire-protocol.js";

export interface SimServerOptions {
  /**
   * Seeds faults and ids, and the seeds derived for requests that carry none (request-seeds.ts): every
   * Anthropic request, and OpenAI and Ollama requests without `seed`.
   */
  seed: number;
  /** Real time per simulated time: 1 waits the models' published latencies, 0 never waits. */
  timeScale: number;
  faults: FaultSpec;
  tokenCounter: TokenCounter;
  /** The models served (default: the built-in simulated models). */
  models?: readonly ModelSpec[];
  /** The clock under the scaling (default: the real clock). */
  clock?: Clock;
}

export interface RunningSimServer {
  /** `http://host:port`, without a trailing slash. */
  url: string;
  /** Stops accepting, ends every open request (held `timeout` requests too) and resolves when closed. */
  close(): Promise<void>;
}

export interface SimServer {
  listen(port: number, host?: string): Promise<RunningSimServer>;
}

/** The date the simulated models' lists report, after the simulator version (`2026-11`). */
const modelsDate = `${simulatorVersion}-01T00:00:00Z`;
const modelsCreated = Math.floor(Date.parse(modelsDate) / 1000);

/** The header that names the seed an answer was drawn with: send it as `seed` to draw the same again. */
export const seedHeader = "x-agentone-seed";

interface Exchange {
  request: IncomingMessage;
  response: ServerResponse;
  context: ReplyContext;
  signal: AbortSignal;
}

/**
 * An HTTP server that serves AgentOne's simulated models over the real wire protocols: OpenAI Chat
 * Completions (`/v1/chat/completions`, `/v1/models`, `/v1/models/{id}`), Ollama (`/api/chat`, `/api/tags`,
 * `/api/show`, `/api/ps`, `/api/version`) and Anthropic Messages (`/v1/messages`,
 * `/v1/messages/count_tokens`, `/v1/models`), with scaled real latency and seeded fault injection.
 *
 * @example
 * ```ts
 * const server = createSimServer({ seed: 0, timeScale: 0, faults: [], tokenCounter: await loadTokenCounter() });
 * const { url, close } = await server.listen(0, "127.0.0.1");
 * await fetch(`${url}/v1/chat/completions`, { method: "POST", body: JSON.stringify({ model: "sim-cheap", messages }) });
 * await close();
 * ```
 */
export function createSimServer(options: SimServerOptions): SimServer {
  const clock = new ScaledClock({
    timeScale: options.timeScale,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const models = options.models ?? simulatedModels;
  const nextFault = createFaultInjector(options.faults, options.seed);
  const root = createRandom(options.seed);
  const seeds = createRequestSeeds(options.seed);
  /** When each model last answered, for Ollama's `/api/ps`. */
  const lastAnswered = new Map<string, number>();
  const open = new Set<AbortController>();
  let requestCount = 0;

  /** One answer per choice, each drawn with its own seed (choice 0 with the request's). */
  async function answersTo(call: WireCall, drawn: { model: ModelSpec; seed: number; signal: AbortSignal }) {
    const { model, seed, signal } = drawn;
    const answers: SimulatedAnswer[] = [];
    for (let index = 0; index < call.choices; index++) {
      const answer = await answerWithSimulator(
        { ...call.request, seed: choiceSeed(seed, index), stream: call.stream, signal },
        { model, models, tokenCounter: options.tokenCounter, clock },
      );
      answers.push(
        call.jsonObject ? asJsonObject(answer, { tokenCounter: options.tokenCounter, model }) : answer,
      );
    }
    lastAnswered.set(model.id, clock.now());
    return answers;
  }

  async function serveModelCall<Call extends WireCall>(protocol: WireProtocol<Call>, exchange: Exchange) {
    const { response, context, signal } = exchange;
    const body = parseJsonBody(await readBody(exchange.request));
    if (!body.ok) return sendReply(response, protocol.unreadableBody(body.detail, context));
    const call = protocol.decode(body.value, { ...context, models });
    if (isWireReply(call)) return sendReply(response, call);
    const fault = nextFault();
    switch (fault?.kind) {
      case "429":
      case "500":
      case "503":
      case "529": {
        // The announced wait is scaled like every other wait, rounded up to whole seconds.
        const retryAfterSeconds = Math.ceil(fault.retryAfterSeconds * options.timeScale);
        return sendReply(
          response,
          protocol.fault({ kind: fault.kind, model: call.requestedModel, retryAfterSeconds }, context),
        );
      }
      case "timeout":
        return untilAborted(signal);
      default:
        break;
    }
    const model = models.find((candidate) => candidate.id === call.request.model);
    if (!model) throw new Error(`decoded a call for an unknown model '${call.request.model}'`);
    // Derived only for requests the model answers: a retry after a 429 is not yet a second answer.
    const seed = call.request.seed ?? seeds.derive(call.request);
    const answers = await answersTo(call, { model, seed, signal });
    let cut = fault?.kind === "cut";
    if (fault?.kind === "malformed-tool-call") {
      const spoiled = answers[0] ? withMalformedToolCall(answers[0]) : null;
      if (spoiled && protocol.carriesMalformedArguments(call)) answers[0] = spoiled;
      else if (spoiled) cut = true;
    }
    // The choices are generated side by side: the slowest sets the pace.
    const firstTokenMs = Math.max(...answers.map((answer) => answer.firstTokenMs));
    const generationMs = Math.max(...answers.map((answer) => answer.generationMs));
    const seedHeaders = { [seedHeader]: String(seed) };
    const stream = call.stream ? protocol.encodeStream(answers, call, context) : null;
    if (stream && !isWireReply(stream)) {
      const cutAfter = cut ? Math.max(1, Math.floor(stream.frames.length / 2)) : undefined;
      return sendStream(
        response,
        { ...stream, headers: { ...stream.headers, ...seedHeaders } },
        { clock, firstTokenMs, generationMs, signal, cutAfter },
      );
    }
    await clock.sleep(firstTokenMs + generationMs, signal);
    const reply = stream ?? protocol.encode(answers, call, context);
    return sendReply(response, { ...reply, headers: { ...reply.headers, ...seedHeaders } }, { cut });
  }

  /** A request body parsed as JSON, or the protocol's answer to a body that is not JSON. */
  async function jsonBody(exchange: Exchange, protocol: WireProtocol<WireCall>) {
    const body = parseJsonBody(await readBody(exchange.request));
    if (!body.ok) {
      await sendReply(exchange.response, protocol.unreadableBody(body.detail, exchange.context));
      return null;
    }
    return { value: body.value };
  }

  async function route(exchange: Exchange): Promise<void> {
    const { request, response, context } = exchange;
    const path = pathOf(request);
    const anthropic = isAnthropicRequest(request, path);
    const modelId = /^\/v1\/models\/(.+)$/.exec(path)?.[1];
    if (request.method === "GET" && modelId !== undefined) {
      const id = decodeURIComponent(modelId);
      return sendReply(
        response,
        anthropic
          ? anthropicModel(models, id, { ...context, createdAt: modelsDate })
          : openAiModel(models, id, { ...context, created: modelsCreated }),
      );
    }
    switch (`${request.method} ${path}`) {
      case "POST /v1/chat/completions":
        return serveModelCall(openAiProtocol, exchange);
      case "POST /v1/messages":
        return serveModelCall(anthropicProtocol, exchange);
      case "POST /v1/messages/count_tokens": {
        const body = await jsonBody(exchange, anthropicProtocol);
        if (!body) return;
        return sendReply(
          response,
          anthropicCountTokens(body.value, { ...context, models, tokenCounter: options.tokenCounter }),
        );
      }
      case "POST /api/chat":
        return serveModelCall(ollamaProtocol, exchange);
      case "GET /v1/models":
        return sendReply(
          response,
          anthropic
            ? anthropicModelList(models, { ...context, createdAt: modelsDate })
            : openAiModelList(models, { ...context, created: modelsCreated }),
        );
      case "GET /api/tags":
        return sendReply(response, jsonReply(200, ollamaTags(models, modelsDate)));
      case "POST /api/show": {
        const body = await jsonBody(exchange, ollamaProtocol);
        if (!body) return;
        return sendReply(response, ollamaShow(body.value, { models, modifiedAt: modelsDate }));
      }
      case "GET /api/ps":
        return sendReply(response, jsonReply(200, ollamaRunning(models, { lastAnswered, now: clock.now() })));
      case "GET /api/version":
        return sendReply(response, jsonReply(200, { version: ollamaVersion }));
      case "GET /":
        return sendReply(response, {
          status: 200,
          headers: { "content-type": "text/plain; charset=utf-8" },
          body: "AgentOne sim-server is running",
        });
      default:
        return sendReply(
          response,
          anthropic ? anthropicNotFound(context) : notFound(request.method ?? "GET", path),
        );
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const controller = new AbortController();
    open.add(controller);
    response.on("close", () => {
      open.delete(controller);
      controller.abort(new Error("the connection closed"));
    });
    const exchange: Exchange = {
      request,
      response,
      context: { random: root.fork(`reply:${requestCount++}`), now: clock.now() },
      signal: controller.signal,
    };
    try {
      await route(exchange);
    } catch (error) {
      // A client that went away (or a closing server) ends the exchange; nothing is left to answer.
      if (controller.signal.aborted || (isAgentOneError(error) && error.details.failure === "aborted"))
        return;
      if (response.headersSent) response.destroy();
      else await sendReply(response, internalErrorFor(request, exchange.context)).catch(() => {});
    }
  }

  return {
    listen(port, host = "127.0.0.1") {
      const server = createServer((request, response) => {
        void handle(request, response);
      });
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          const address = server.address() as AddressInfo;
          const shownHost = host.includes(":") ? `[${host}]` : host;
          resolve({
            url: `http://${shownHost}:${address.port}`,
            close: () =>
              new Promise<void>((closed) => {
                for (const controller of open) controller.abort(new Error("the server is closing"));
                server.close(() => closed());
                server.closeAllConnections();
              }),
          });
        });
      });
    },
  };
}

const pathOf = (request: IncomingMessage) => new URL(request.url ?? "/", "http://localhost").pathname;

/**
 * Whether a request is Anthropic's: a Messages path, or any request with the `anthropic-version` header
 * every Anthropic client sends (that is how `GET /v1/models` tells the two APIs apart, too). Its errors
 * are then Anthropic-shaped, unknown paths included.
 */
function isAnthropicRequest(request: IncomingMessage, pathname: string): boolean {
  return (
    pathname === "/v1/messages" ||
    pathname.startsWith("/v1/messages/") ||
    request.headers["anthropic-version"] !== undefined
  );
}

/** A failure of the server itself, in the shape of the protocol the request belongs to. */
function internalErrorFor(request: IncomingMessage, context: ReplyContext): WireReply {
  const pathname = pathOf(request);
  if (pathname.startsWith("/api/")) return ollamaProtocol.internalError(context);
  if (isAnthropicRequest(request, pathname)) return anthropicProtocol.internalError(context);
  return openAiProtocol.internalError(context);
}

/** Ollama's router answers unknown paths in plain text; OpenAI in its error shape. */
function notFound(method: string, pathname: string): WireReply {
  if (pathname.startsWith("/api/"))
    return { status: 404, headers: { "content-type": "text/plain" }, body: "404 page not found" };
  return jsonReply(404, {
    error: {
      message: `Unknown request URL: ${method} ${pathname}. Please check the URL for typos.`,
      type: "invalid_request_error",
      param: null,
      code: "unknown_url",
    },
  });
}
