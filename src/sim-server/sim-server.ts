import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ModelSpec } from "../backends/model-spec.js";
import { simulatorVersion } from "../backends/simulated/simulated-backend.js";
import { simulatedModels } from "../backends/simulated/simulated-models.js";
import type { TokenCounter } from "../backends/token-counter.js";
import type { Clock } from "../core/clock/index.js";
import { isAgentOneError } from "../core/errors/index.js";
import { createRandom } from "../core/random.js";
import { anthropicModelList, anthropicProtocol } from "./anthropic-protocol.js";
import { createFaultInjector, type FaultSpec } from "./fault-spec.js";
import { readBody, sendReply, sendStream, untilAborted } from "./http-exchange.js";
import { ollamaProtocol, ollamaTags } from "./ollama-protocol.js";
import { openAiModelList, openAiProtocol } from "./openai-protocol.js";
import { parseJsonBody } from "./protocol-errors.js";
import { ScaledClock } from "./scaled-clock.js";
import { answerWithSimulator, withMalformedToolCall } from "./simulated-answer.js";
import {
  isWireReply,
  jsonReply,
  type ReplyContext,
  type WireCall,
  type WireProtocol,
  type WireReply,
} from "./wire-protocol.js";

export interface SimServerOptions {
  /** Seeds faults and ids, and is the model seed of requests that carry none (all Anthropic requests). */
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

interface Exchange {
  request: IncomingMessage;
  response: ServerResponse;
  context: ReplyContext;
  signal: AbortSignal;
}

/**
 * An HTTP server that serves AgentOne's simulated models over the real wire protocols: OpenAI Chat
 * Completions (`/v1/chat/completions`, `/v1/models`), Ollama (`/api/chat`, `/api/tags`) and Anthropic
 * Messages (`/v1/messages`), with scaled real latency and seeded fault injection.
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
  const open = new Set<AbortController>();
  let requestCount = 0;

  async function serveModelCall<Call extends WireCall>(protocol: WireProtocol<Call>, exchange: Exchange) {
    const { response, context, signal } = exchange;
    const body = parseJsonBody(await readBody(exchange.request));
    if (!body.ok) return sendReply(response, protocol.unreadableBody(body.detail, context));
    const call = protocol.decode(body.value, { ...context, models, defaultSeed: options.seed });
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
    let answer = await answerWithSimulator(
      { ...call.request, stream: call.stream, signal },
      { model, models, tokenCounter: options.tokenCounter, clock },
    );
    let cut = fault?.kind === "cut";
    if (fault?.kind === "malformed-tool-call") {
      const spoiled = withMalformedToolCall(answer);
      if (spoiled && protocol.carriesMalformedArguments(call)) answer = spoiled;
      else if (spoiled) cut = true;
    }
    const { firstTokenMs, generationMs } = answer;
    const stream = call.stream ? protocol.encodeStream(answer, call, context) : null;
    if (stream && !isWireReply(stream)) {
      const cutAfter = cut ? Math.max(1, Math.floor(stream.frames.length / 2)) : undefined;
      return sendStream(response, stream, { clock, firstTokenMs, generationMs, signal, cutAfter });
    }
    await clock.sleep(firstTokenMs + generationMs, signal);
    return sendReply(response, stream ?? protocol.encode(answer, call, context), { cut });
  }

  async function route(exchange: Exchange): Promise<void> {
    const { request } = exchange;
    const path = pathOf(request);
    switch (`${request.method} ${path}`) {
      case "POST /v1/chat/completions":
        return serveModelCall(openAiProtocol, exchange);
      case "POST /v1/messages":
        return serveModelCall(anthropicProtocol, exchange);
      case "POST /api/chat":
        return serveModelCall(ollamaProtocol, exchange);
      case "GET /v1/models":
        return sendReply(
          exchange.response,
          request.headers["anthropic-version"]
            ? anthropicModelList(models, { ...exchange.context, createdAt: modelsDate })
            : openAiModelList(models, {
                ...exchange.context,
                created: Math.floor(Date.parse(modelsDate) / 1000),
              }),
        );
      case "GET /api/tags":
        return sendReply(exchange.response, jsonReply(200, ollamaTags(models, modelsDate)));
      case "GET /":
        return sendReply(exchange.response, {
          status: 200,
          headers: { "content-type": "text/plain; charset=utf-8" },
          body: "AgentOne sim-server is running",
        });
      default:
        return sendReply(exchange.response, notFound(request.method ?? "GET", path));
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
      else await sendReply(response, internalErrorFor(pathOf(request), exchange.context)).catch(() => {});
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

/** A failure of the server itself, in the shape of the protocol the path belongs to. */
function internalErrorFor(pathname: string, context: ReplyContext): WireReply {
  if (pathname.startsWith("/api/")) return ollamaProtocol.internalError(context);
  if (pathname === "/v1/messages") return anthropicProtocol.internalError(context);
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
