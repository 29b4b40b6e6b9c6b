import type { Clock, Deadline, ModelRequest, ModelResponse, ModelSpec, TokenCounter } from "agentone";
import { SimulatedBackend } from "../backends/simulated/simulated-backend.js";

/** The simulator's answer to one request, and how long the simulated model takes to produce it. */
export interface SimulatedAnswer {
  response: ModelResponse;
  /** Simulated time to the first token, milliseconds (unscaled). */
  firstTokenMs: number;
  /** Simulated time from the first token to the last, milliseconds (unscaled). */
  generationMs: number;
}

/**
 * A clock that notes how long the simulated model would sleep instead of sleeping: the server then spends
 * that time itself, on the scaled clock, either before a whole answer or spread between stream chunks.
 */
class LatencyRecorder implements Clock {
  sleptMs = 0;
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  now(): number {
    return this.#clock.now();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleptMs += Math.max(0, ms);
    return signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve();
  }

  deadline(at: number, reason: unknown): Deadline {
    return this.#clock.deadline(at, reason);
  }
}

/**
 * Asks a `SimulatedBackend` for the answer and splits its latency into time to first token and
 * generation time (output tokens at the model's published speed; the rest is time to first token).
 */
export async function answerWithSimulator(
  request: ModelRequest,
  context: { model: ModelSpec; models: readonly ModelSpec[]; tokenCounter: TokenCounter; clock: Clock },
): Promise<SimulatedAnswer> {
  const recorder = new LatencyRecorder(context.clock);
  const backend = new SimulatedBackend({
    clock: recorder,
    tokenCounter: context.tokenCounter,
    models: context.models,
  });
  const response = await backend.generate(request);
  const totalMs = recorder.sleptMs;
  const generationMs = Math.min(
    totalMs,
    (response.usage.outputTokens / Math.max(1e-9, context.model.outputTokensPerSecond)) * 1000,
  );
  return { response, firstTokenMs: totalMs - generationMs, generationMs };
}

/**
 * The `malformed-tool-call` fault: the first tool call's arguments cut in half, which is never valid JSON
 * for an object. Returns null when the answer has no tool call to spoil.
 */
export function withMalformedToolCall(answer: SimulatedAnswer): SimulatedAnswer | null {
  const [first, ...rest] = answer.response.toolCalls;
  if (!first) return null;
  const cut = first.arguments.slice(0, Math.max(1, Math.floor(first.arguments.length / 2)));
  return {
    ...answer,
    response: { ...answer.response, toolCalls: [{ ...first, arguments: cut }, ...rest] },
  };
}

/**
 * JSON mode (`response_format: {type: "json_object"}`): the text answer becomes one JSON object,
 * `{"answer": text}`, and the output tokens and generation time grow by what the wrapping costs. Tool
 * calls are unchanged. An answer cut at the output limit stays cut: its JSON is left unclosed, as a
 * real model's would be.
 */
export function asJsonObject(
  answer: SimulatedAnswer,
  context: { tokenCounter: TokenCounter; model: ModelSpec },
): SimulatedAnswer {
  const { response } = answer;
  if (response.text === "" && response.toolCalls.length > 0) return answer;
  const json = JSON.stringify({ answer: response.text });
  if (response.finishReason === "length")
    return { ...answer, response: { ...response, text: json.slice(0, -2) } };
  const addedTokens = Math.max(
    0,
    context.tokenCounter.count(json) - context.tokenCounter.count(response.text),
  );
  return {
    ...answer,
    generationMs:
      answer.generationMs + (addedTokens / Math.max(1e-9, context.model.outputTokensPerSecond)) * 1000,
    response: {
      ...response,
      text: json,
      usage: { ...response.usage, outputTokens: response.usage.outputTokens + addedTokens },
    },
  };
}

/** The arguments as a JSON object, or null when they are not valid JSON for one. */
export function argumentsObject(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** The one answer of a protocol without choices (Anthropic, Ollama). */
export function singleAnswer(answers: readonly SimulatedAnswer[]): SimulatedAnswer {
  const [answer] = answers;
  if (!answer || answers.length > 1)
    throw new Error(`a protocol without choices was given ${answers.length} answers`);
  return answer;
}
