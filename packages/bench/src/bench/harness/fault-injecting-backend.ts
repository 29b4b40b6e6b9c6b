import { createFaultInjector, type FaultSpec, type InjectedFault } from "@agentone/simulated";
import type { Clock, ModelBackend, ModelRequest, ModelResponse, ModelStreamPart } from "agentone";
import { collectModelStream, ModelCallError } from "agentone";
import { deltasOfResponse, streamOfResponse } from "agentone/internal";

/** Far longer than any attempt's deadline: a `timeout` fault waits for the engine to give up. */
const hangMs = 24 * 60 * 60 * 1000;

function failure(fault: InjectedFault, model: string): ModelCallError {
  switch (fault.kind) {
    case "429":
      return new ModelCallError("rate_limit", `injected fault: 429 rate limit on ${model}`, {
        status: 429,
        retryAfterMs: fault.retryAfterSeconds * 1000,
      });
    case "500":
      return new ModelCallError("server", `injected fault: 500 on ${model}`, { status: 500 });
    case "503":
    case "529":
      return new ModelCallError("overloaded", `injected fault: ${fault.kind} overloaded on ${model}`, {
        status: Number(fault.kind),
      });
    case "timeout":
      return new ModelCallError("timeout", `injected fault: ${model} did not answer in time`);
    case "cut":
    case "malformed-tool-call":
      return new ModelCallError("cut_stream", `injected fault: the answer from ${model} was cut midway`);
  }
}

/** The answer with its first tool call's JSON arguments cut in half, as a truncated model output would be. */
function withMalformedToolCall(response: ModelResponse): ModelResponse | null {
  const [first, ...rest] = response.toolCalls;
  if (first === undefined) return null;
  const cut = first.arguments.slice(0, Math.max(1, Math.floor(first.arguments.length / 2)));
  return { ...response, toolCalls: [{ ...first, arguments: cut }, ...rest] };
}

/**
 * Wraps a backend (the in-process simulator) and injects model-call faults at seeded rates, with the
 * sim-server's fault kinds and draws (`createFaultInjector`): 429 with a wait hint, 500, 503/529, a
 * timeout, an answer cut midway (after the model spent its time), a malformed tool call. Seeded per run,
 * so a run meets the same faults whatever else runs beside it. `stream` draws the same one fault per call
 * as `generate`; a `cut` there streams the first half of the answer's deltas, then fails.
 *
 * @example
 * ```ts
 * const backend = new FaultInjectingBackend({ inner: simulator, faults: parseFaultSpec("429:0.1"), seed: 1, clock });
 * ```
 */
export class FaultInjectingBackend implements ModelBackend {
  readonly name: string;
  readonly #inner: ModelBackend;
  readonly #clock: Clock;
  readonly #next: () => InjectedFault | null;

  constructor(options: { inner: ModelBackend; faults: FaultSpec; seed: number; clock: Clock }) {
    this.name = options.inner.name;
    this.#inner = options.inner;
    this.#clock = options.clock;
    this.#next = createFaultInjector(options.faults, options.seed);
  }

  async generate(request: ModelRequest): Promise<ModelResponse> {
    const fault = this.#next();
    return fault === null ? this.#inner.generate(request) : this.#faulted(request, fault);
  }

  async *stream(request: ModelRequest): AsyncGenerator<ModelStreamPart, void, undefined> {
    const fault = this.#next();
    if (fault === null) {
      yield* this.#inner.stream(request);
      return;
    }
    if (fault.kind === "cut") {
      // The answer starts arriving, then the connection breaks: half its deltas, no finish.
      const deltas = deltasOfResponse(await collectModelStream(this.#inner.stream(request)));
      yield* deltas.slice(0, Math.floor(deltas.length / 2));
      throw failure(fault, request.model);
    }
    yield* streamOfResponse(() => this.#faulted(request, fault));
  }

  async #faulted(request: ModelRequest, fault: InjectedFault): Promise<ModelResponse> {
    switch (fault.kind) {
      case "timeout":
        // The engine's attempt deadline aborts the wait; on a virtual clock that takes no real time.
        await this.#clock.sleep(hangMs, request.signal).catch(() => {});
        throw failure(fault, request.model);
      case "cut":
        await this.#inner.generate(request);
        throw failure(fault, request.model);
      case "malformed-tool-call": {
        const response = await this.#inner.generate(request);
        const spoiled = withMalformedToolCall(response);
        if (spoiled === null) throw failure(fault, request.model);
        return spoiled;
      }
      default:
        throw failure(fault, request.model);
    }
  }
}
