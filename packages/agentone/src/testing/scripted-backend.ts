import type {
  FinishReason,
  ModelBackend,
  ModelRequest,
  ModelResponse,
  ModelStreamPart,
} from "../backends/model-backend.js";
import { streamOfResponse } from "../backends/stream/parts-of-response.js";
import type { Clock } from "../core/clock/index.js";
import { ModelCallError } from "../core/errors/index.js";
import type { ModelSpec, ModelTier } from "../core/model-spec.js";
import type { TokenUsage } from "../core/token-usage.js";

/** One scripted reply: text and/or tool calls (arguments as an object, or a raw string to send malformed JSON). */
export interface ScriptedReply {
  text?: string;
  toolCalls?: { name: string; arguments: Record<string, unknown> | string; id?: string }[];
  usage?: Partial<TokenUsage>;
  finishReason?: FinishReason;
  /** How long the call takes on the runtime's clock. */
  latencyMs?: number;
}

/** A step of the script: a reply, an error to throw, or a function that answers from the request. */
export type ScriptedStep =
  | ScriptedReply
  | { error: Error }
  | ((
      request: ModelRequest,
      index: number,
    ) => ScriptedReply | { error: Error } | Promise<ScriptedReply | { error: Error }>);

/**
 * A strict fake backend: it serves the scripted steps in order, records every request, throws on a call the
 * script did not expect, and `assertConsumed()` fails if steps were left over. `stream` serves the same
 * step as `generate` would, as deltas then `finish`; either consumes one step.
 *
 * @example
 * ```ts
 * const backend = new ScriptedBackend({ clock, steps: [
 *   { text: "1. read the file" },
 *   { toolCalls: [{ name: "read_file", arguments: { path: "README.md" } }] },
 *   { text: "done" },
 * ] });
 * ```
 */
export class ScriptedBackend implements ModelBackend {
  readonly name = "scripted";
  readonly calls: ModelRequest[] = [];
  readonly #steps: ScriptedStep[];
  readonly #clock: Clock | undefined;

  constructor(options: { steps: ScriptedStep[]; clock?: Clock }) {
    this.#steps = [...options.steps];
    this.#clock = options.clock;
  }

  get firstCall(): ModelRequest | undefined {
    return this.calls[0];
  }

  get lastCall(): ModelRequest | undefined {
    return this.calls[this.calls.length - 1];
  }

  stream(request: ModelRequest): AsyncIterable<ModelStreamPart> {
    return streamOfResponse(() => this.generate(request));
  }

  async generate(request: ModelRequest): Promise<ModelResponse> {
    const index = this.calls.length;
    this.calls.push(request);
    const step = this.#steps[index];
    if (step === undefined) {
      // Not retryable, so the run stops at once instead of retrying a call the script never planned.
      throw new ModelCallError(
        "bad_request",
        `ScriptedBackend: unexpected call #${index + 1} (model ${request.model}); the script has ${this.#steps.length} steps`,
        { retryable: false },
      );
    }
    const reply = typeof step === "function" ? await step(request, index) : step;
    if ("error" in reply) throw reply.error;
    await this.#clock?.sleep(reply.latencyMs ?? 0, request.signal);
    request.signal?.throwIfAborted();
    const toolCalls = (reply.toolCalls ?? []).map((call, callIndex) => ({
      id: call.id ?? `call_${index + 1}_${callIndex + 1}`,
      name: call.name,
      arguments: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments),
    }));
    return {
      text: reply.text ?? "",
      toolCalls,
      finishReason: reply.finishReason ?? (toolCalls.length > 0 ? "tool-calls" : "stop"),
      usage: {
        inputTokens: 100,
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
        outputTokens: 20,
        reasoningTokens: 0,
        ...reply.usage,
      },
      modelVersion: `${request.model}-scripted`,
    };
  }

  /** Throws unless every scripted step was used. */
  assertConsumed(): void {
    if (this.calls.length < this.#steps.length) {
      throw new Error(
        `ScriptedBackend: ${this.#steps.length - this.calls.length} scripted step(s) were never called`,
      );
    }
  }
}

const tierPrices: Record<ModelTier, ModelSpec["prices"]> = {
  premium: { input: 15, cachedInput: 1.5, cacheWrite: 18.75, output: 75 },
  standard: { input: 2, cachedInput: 0.5, cacheWrite: 0, output: 8 },
  cheap: { input: 0.15, cachedInput: 0.075, cacheWrite: 0, output: 0.6 },
  local: { input: 0, cachedInput: 0, cacheWrite: 0, output: 0 },
};

/** A catalog entry served by the ScriptedBackend, priced like the simulated model of the same tier. */
export function scriptedModel(options: {
  id: string;
  tier: ModelTier;
  prices?: ModelSpec["prices"];
}): ModelSpec {
  return {
    id: options.id,
    backend: "scripted",
    tier: options.tier,
    prices: options.prices ?? tierPrices[options.tier],
    contextWindow: 128_000,
    maxOutputTokens: 8192,
    timeToFirstTokenMs: 500,
    outputTokensPerSecond: 50,
    capabilities: { tools: true, json: true, seed: true },
    source: "test fixture",
  };
}

/** One scripted model per tier: `scripted-premium`, `scripted-standard`, `scripted-cheap`, `scripted-local`. */
export function scriptedModels(): ModelSpec[] {
  return (["premium", "standard", "cheap", "local"] as const).map((tier) =>
    scriptedModel({ id: `scripted-${tier}`, tier }),
  );
}
