import type {
  Clock,
  FinishReason,
  ModelBackend,
  ModelRequest,
  ModelResponse,
  ModelSpec,
  ModelStreamPart,
  ToolCallRequest,
} from "agentone";
import { createRandom, ModelCallError, type Random, type TokenCounter } from "agentone";
import { estimateRequestTokens, hashString, streamOfResponse } from "agentone/internal";
import { chooseAction } from "./brain/choose-action.js";
import { viewConversation } from "./brain/conversation-view.js";
import { summaryTaskOf, writeDocumentSummary } from "./brain/write-document-summary.js";
import { writeAnswer, writePlan, writeReplan, writeSummary } from "./brain/write-text.js";
import { requestSeed } from "./request-seed.js";
import { simulatedLocalPrefillTokensPerSecond, simulatedModels } from "./simulated-models.js";
import { tierBehaviour } from "./tier-behaviour.js";

/** The version string the simulator reports, like a dated snapshot id of a real model. */
export const simulatorVersion = "2026-11";

interface Draft {
  text: string;
  calls: { name: string; arguments: string }[];
}

function draft(request: ModelRequest, options: { model: ModelSpec; random: Random }): Draft {
  const summary = summaryTaskOf(request.messages);
  if (summary) {
    const { tier } = options.model;
    const mistakeRate = tierBehaviour[tier].mistakeRate;
    return {
      text: writeDocumentSummary(summary, {
        model: options.model.id,
        tier,
        mistakeRate,
        random: options.random,
      }),
      calls: [],
    };
  }
  const view = viewConversation(
    request.messages,
    request.tools.map((tool) => tool.name),
  );
  const id = options.model.id;
  if (view.stepKind === "plan") return { text: writePlan(view, id), calls: [] };
  if (view.stepKind === "replan") return { text: writeReplan(view, id), calls: [] };
  if (view.stepKind === "summarize") return { text: writeSummary(view, id), calls: [] };
  if (request.tools.length === 0)
    return { text: writeAnswer(view, { model: id, premature: false }), calls: [] };
  const action = chooseAction(view, { behaviour: tierBehaviour[options.model.tier], random: options.random });
  if (action.type === "answer")
    return {
      text: writeAnswer(view, {
        model: id,
        premature: action.premature,
        ...(action.flaw ? { flaw: action.flaw } : {}),
      }),
      calls: [],
    };
  return {
    text: action.note,
    calls: action.calls.map((call) => ({
      name: call.name,
      arguments: call.rawArguments ?? JSON.stringify(call.arguments),
    })),
  };
}

/**
 * The built-in simulated models (`sim-premium`, `sim-standard`, `sim-cheap`, `sim-local`). A model of LLM
 * behaviour, not a mock: it reads the same prompt and tool results a real model gets, works the task
 * through real tool calls with a skill recognised from the goal (brain/select-recipe.ts), makes tier-dependent
 * mistakes whose consequences the run and the graders see (tier-behaviour.ts), and answers with text labelled
 * as simulated. It never decides whether a task succeeded. Prices and speeds come from published figures
 * (simulated-models.ts); output is deterministic given the request and its seed (request-seed.ts). `stream`
 * gives the same answer as `generate`, cut into deltas once it is complete (it draws nothing more).
 *
 * @example
 * ```ts
 * const backend = new SimulatedBackend({ clock: new VirtualClock(), tokenCounter: await loadTokenCounter() });
 * const response = await backend.generate({ model: "sim-cheap", messages, tools, maxOutputTokens: 512, seed: 7 });
 * ```
 */
export class SimulatedBackend implements ModelBackend {
  readonly name = "simulated";
  // Its latencies are waits on the run's clock, not on the network.
  readonly waitsOnRunClock = true;
  readonly #clock: Clock;
  readonly #counter: TokenCounter;
  readonly #models: readonly ModelSpec[];

  constructor(options: { clock: Clock; tokenCounter: TokenCounter; models?: readonly ModelSpec[] }) {
    this.#clock = options.clock;
    this.#counter = options.tokenCounter;
    this.#models = options.models ?? simulatedModels;
  }

  stream(request: ModelRequest): AsyncIterable<ModelStreamPart> {
    return streamOfResponse(() => this.generate(request));
  }

  async generate(request: ModelRequest): Promise<ModelResponse> {
    const model = this.#models.find((candidate) => candidate.id === request.model);
    if (!model)
      throw new ModelCallError("not_found", `the simulator has no model '${request.model}'`, { status: 404 });
    const random = createRandom(requestSeed(request));
    const behaviour = tierBehaviour[model.tier];
    const { text, calls } = draft(request, { model, random });
    const inputTokens = estimateRequestTokens(this.#counter, request);
    const reasoningTokens =
      behaviour.reasoningTokens === 0 ? 0 : Math.round(random.lognormal(behaviour.reasoningTokens, 0.5));
    const visible =
      this.#counter.count(text) +
      calls.reduce((sum, call) => sum + this.#counter.count(call.arguments) + 4, 0);
    let outputTokens = visible + reasoningTokens;
    let finishReason: FinishReason = calls.length > 0 ? "tool-calls" : "stop";
    let finalText = text;
    let finalCalls: ToolCallRequest[] = calls.map((call, index) => ({
      id: `call_${hashString(`${random.next()}:${index}`).toString(36)}`,
      ...call,
    }));
    if (outputTokens > request.maxOutputTokens) {
      // Cut at the output limit, as a real model is: text ends mid-way, and a cut tool call is malformed JSON.
      const keep = Math.max(0, request.maxOutputTokens - reasoningTokens) / Math.max(1, visible);
      finalText = text.slice(0, Math.floor(text.length * keep));
      finalCalls = finalCalls.map((call) => ({
        ...call,
        arguments: call.arguments.slice(0, Math.floor(call.arguments.length * keep)),
      }));
      outputTokens = request.maxOutputTokens;
      finishReason = "length";
    }
    const firstTokenMs =
      random.lognormal(model.timeToFirstTokenMs, behaviour.latencySigma) +
      (model.tier === "local" ? (inputTokens / simulatedLocalPrefillTokensPerSecond) * 1000 : 0);
    const speed = random.lognormal(model.outputTokensPerSecond, behaviour.latencySigma / 2);
    const latencyMs = Math.round(firstTokenMs + (outputTokens / speed) * 1000);
    try {
      await this.#clock.sleep(latencyMs, request.signal);
    } catch (error) {
      throw new ModelCallError("aborted", "the call was aborted", { cause: error, retryable: false });
    }
    return {
      text: finalText,
      toolCalls: finalCalls,
      finishReason,
      usage: {
        inputTokens,
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
        outputTokens,
        reasoningTokens: Math.min(reasoningTokens, outputTokens),
      },
      modelVersion: `${model.id}-${simulatorVersion}`,
      provenance: { simulator: "agentone", seed: String(request.seed ?? 0) },
    };
  }
}
