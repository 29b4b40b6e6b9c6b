import { beforeAll, describe, expect, it } from "vitest";
import { createIdleRun } from "../../../test/support/idle-run.js";
import type {
  ModelBackend,
  ModelRequest,
  ModelResponse,
  ModelStreamPart,
} from "../../backends/model-backend.js";
import { ModelCallError } from "../../core/errors/index.js";
import type { RunEvent } from "../../core/events/run-event.js";
import { foldRunState } from "../../core/run-state/fold-run-state.js";
import type { RoutingPolicyInput } from "../../policy/routing-policy.js";
import { ScriptedBackend, type ScriptedStep } from "../../testing/scripted-backend.js";
import { createTestRuntime } from "../../testing/test-runtime.js";
import { callModelForRun, streamModelForRun } from "./call-model-for-run.js";
import type { RunChatRequest } from "./run-chat-request.js";

/** One scripted stream: text deltas, then the finish part or an error (thrown before a delta, or after them). */
type StreamScript = { deltas: string[]; end: "finish" | ModelCallError };

function finishResponse(text: string): ModelResponse {
  return {
    text,
    toolCalls: [],
    finishReason: "stop",
    usage: {
      inputTokens: 20,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 5,
      reasoningTokens: 0,
    },
    modelVersion: "streaming-double-1",
  };
}

/**
 * A backend that only streams, from scripts, one per call; it records every request and how each stream
 * ended on its side: finished, failed, or aborted (the caller's signal fired or it stopped reading).
 */
class StreamingDouble implements ModelBackend {
  readonly name = "scripted";
  readonly requests: ModelRequest[] = [];
  readonly endings: ("finished" | "failed" | "aborted")[] = [];
  readonly #scripts: StreamScript[];

  constructor(scripts: StreamScript[]) {
    this.#scripts = scripts;
  }

  generate(): Promise<ModelResponse> {
    throw new Error("the streaming double only streams");
  }

  async *stream(request: ModelRequest): AsyncGenerator<ModelStreamPart> {
    const script = this.#scripts[this.requests.length];
    this.requests.push(request);
    if (script === undefined)
      throw new ModelCallError("bad_request", "unexpected call", { retryable: false });
    let ending: "finished" | "failed" | "aborted" = "aborted";
    try {
      for (const text of script.deltas) {
        request.signal?.throwIfAborted();
        yield { type: "text-delta", text };
      }
      request.signal?.throwIfAborted();
      if (script.end !== "finish") {
        ending = "failed";
        throw script.end;
      }
      ending = "finished";
      yield { type: "finish", response: finishResponse(script.deltas.join("")) };
    } finally {
      this.endings.push(request.signal?.aborted ? "aborted" : ending);
    }
  }
}

const request: RunChatRequest = { messages: [{ role: "user", content: "What is 2 + 2?" }], tier: "standard" };
const failed = (failure: "rate_limit" | "cut_stream" | "server") =>
  new ModelCallError(failure, `scripted ${failure}`);

async function idleRun(
  backend: ModelBackend,
  options: { policy?: RoutingPolicyInput; limits?: object } = {},
) {
  const runtime = await createTestRuntime({
    backend,
    ...(options.policy ? { defaultPolicy: options.policy } : {}),
  });
  const runId = await createIdleRun(runtime, options.limits ? { limits: options.limits } : {});
  const committed = () => runtime.store.readEvents(runId);
  return { runtime, runId, committed };
}

/** Reads a stream to its end (or its error), with an optional action on each part as it arrives. */
async function read(
  stream: AsyncIterable<ModelStreamPart>,
  onPart?: (part: ModelStreamPart) => Promise<void>,
) {
  const parts: ModelStreamPart[] = [];
  try {
    for await (const part of stream) {
      parts.push(part);
      await onPart?.(part);
    }
    return { parts, error: undefined };
  } catch (error) {
    return { parts, error };
  }
}

const typesOf = (events: readonly RunEvent[]) =>
  events.map((event) => event.type).filter((type) => type !== "run-start");
const ofType = <Type extends RunEvent["type"]>(events: readonly RunEvent[], type: Type) =>
  events.filter((event): event is Extract<RunEvent, { type: Type }> => event.type === type);

// The first runtime loads the token counter: not part of any test's time.
beforeAll(async () => {
  await createTestRuntime();
}, 120_000);

describe("callModelForRun: a governed call with only a run id and a request", () => {
  it("answers, appending and committing the call's events and charging the run", async () => {
    const { runtime, runId, committed } = await idleRun(new ScriptedBackend({ steps: [{ text: "4" }] }));
    const { response } = await callModelForRun(runtime, { runId, request });
    expect(response.text).toBe("4");
    const events = await committed();
    expect(typesOf(events)).toEqual([
      "budget-reserve",
      "model-call-start",
      "budget-settle",
      "model-call-end",
    ]);
    expect(foldRunState(events).usage.modelCalls).toBe(1);
  });

  it("retries and falls back like the loop's own calls", async () => {
    const steps: ScriptedStep[] = [
      { error: failed("server") },
      { error: failed("rate_limit") },
      { text: "4" },
    ];
    const { runtime, runId, committed } = await idleRun(new ScriptedBackend({ steps }), {
      policy: { fallback: { attemptsPerModel: 2 } },
    });
    const { response, decision } = await callModelForRun(runtime, { runId, request });
    expect(response.text).toBe("4");
    expect(decision.model).not.toBe("scripted-standard");
    const events = await committed();
    expect(ofType(events, "retry-schedule")).toHaveLength(1);
    expect(ofType(events, "fallback-select")[0]).toMatchObject({
      fromModel: "scripted-standard",
      failure: "rate_limit",
    });
  });

  it("stops a call killed in flight, settles it and records the kill", async () => {
    let kill: () => Promise<void> = async () => {};
    const backend = new ScriptedBackend({
      steps: [
        () => {
          void kill();
          return { text: "too late" };
        },
      ],
    });
    const { runtime, runId, committed } = await idleRun(backend);
    kill = () => runtime.killSwitch.trigger({ runId });
    await expect(callModelForRun(runtime, { runId, request })).rejects.toMatchObject({
      code: "KILL_SWITCH_TRIGGERED",
    });
    expect(typesOf(await committed())).toEqual([
      "budget-reserve",
      "model-call-start",
      "budget-settle",
      "run-kill",
    ]);
  });

  it("refuses and records a call no model can afford", async () => {
    const { runtime, runId, committed } = await idleRun(new ScriptedBackend({ steps: [] }), {
      limits: { usd: 0.000001 },
    });
    await expect(callModelForRun(runtime, { runId, request })).rejects.toMatchObject({
      code: "BUDGET_EXCEEDED",
    });
    expect(ofType(await committed(), "budget-exceeded")[0]).toMatchObject({ dimension: "usd", scope: "run" });
  });

  it.each([
    ["a negative output ceiling", { ...request, maxOutputTokens: -5 }, /maxOutputTokens/],
    ["a fractional output ceiling", { ...request, maxOutputTokens: 1.5 }, /maxOutputTokens/],
    ["messages that are not a list", { messages: "hi" }, /messages/],
    ["no message at all", { messages: [] }, /messages/],
    ["a message without content", { messages: [{ role: "user" }] }, /messages\.0/],
    ["an unknown tier", { ...request, tier: "gold" }, /tier/],
    ["a field the request does not have", { ...request, temperature: 2 }, /temperature|unrecognized/i],
  ])("refuses %s before anything is read or written", async (_label, hostile, message) => {
    const backend = new ScriptedBackend({ steps: [] });
    const { runtime, runId, committed } = await idleRun(backend);
    const call = callModelForRun(runtime, { runId, request: hostile as unknown as RunChatRequest });
    await expect(call).rejects.toMatchObject({
      code: "USAGE_ERROR",
      message: expect.stringMatching(message),
    });
    const streamed = await read(
      streamModelForRun(runtime, { runId, request: hostile as unknown as RunChatRequest }),
    );
    expect(streamed.error).toMatchObject({ code: "USAGE_ERROR" });
    expect(typesOf(await committed())).toEqual([]);
    expect(backend.calls).toHaveLength(0);
  });

  it("refuses a model the catalog does not have, naming it, before anything is written", async () => {
    const { runtime, runId, committed } = await idleRun(new ScriptedBackend({ steps: [] }));
    await expect(
      callModelForRun(runtime, { runId, request: { ...request, model: "gpt-9" } }),
    ).rejects.toMatchObject({ code: "CONFIG_ERROR", message: expect.stringContaining("gpt-9") });
    expect(typesOf(await committed())).toEqual([]);
  });

  it("never asks for more output than routing allowed, whatever the caller asks", async () => {
    const backend = new ScriptedBackend({ steps: [{ text: "4" }] });
    const { runtime, runId } = await idleRun(backend, { limits: { usd: 0.05 } });
    const result = await callModelForRun(runtime, {
      runId,
      request: { ...request, maxOutputTokens: 10_000_000 },
    });
    expect(backend.calls[0]?.maxOutputTokens).toBe(result.decision.maxOutputTokens);
    expect(result.decision.maxOutputTokens).toBeLessThan(10_000_000);
  });

  it("refuses a run that has ended", async () => {
    const { runtime, runId } = await idleRun(new ScriptedBackend({ steps: [] }));
    await runtime.store.appendEvents(
      runId,
      [
        {
          schemaVersion: 1,
          runId,
          seq: 1,
          at: new Date(runtime.clock.now()).toISOString(),
          type: "run-transition",
          from: "created",
          to: "killed",
          reason: "killed:run",
        } as RunEvent,
      ],
      { status: "killed" },
    );
    await expect(callModelForRun(runtime, { runId, request })).rejects.toMatchObject({ code: "USAGE_ERROR" });
  });
});

describe("streamModelForRun: the streamed governed call", () => {
  it("passes deltas through as they arrive, then one finish part, and records the call", async () => {
    const backend = new StreamingDouble([{ deltas: ["2 + 2", " = 4"], end: "finish" }]);
    const { runtime, runId, committed } = await idleRun(backend);
    const { parts, error } = await read(streamModelForRun(runtime, { runId, request }));
    expect(error).toBeUndefined();
    expect(parts.map((part) => part.type)).toEqual(["text-delta", "text-delta", "finish"]);
    expect(parts.at(-1)).toMatchObject({ type: "finish", response: { text: "2 + 2 = 4" } });
    expect(typesOf(await committed())).toEqual([
      "budget-reserve",
      "model-call-start",
      "budget-settle",
      "model-call-end",
    ]);
  });

  it("reserves before the first byte is requested", async () => {
    const backend = new StreamingDouble([{ deltas: ["4"], end: "finish" }]);
    const { runtime, runId, committed } = await idleRun(backend);
    const reserved = ofType(await committed(), "budget-reserve");
    expect(reserved).toHaveLength(0);
    await read(streamModelForRun(runtime, { runId, request }));
    expect(backend.requests[0]?.maxOutputTokens).toBe(
      ofType(await committed(), "budget-reserve")[0]?.maxOutputTokens,
    );
  });

  it("retries, then falls back, while no delta has reached the consumer", async () => {
    const backend = new StreamingDouble([
      { deltas: [], end: failed("server") },
      { deltas: [], end: failed("rate_limit") },
      { deltas: ["4"], end: "finish" },
    ]);
    const { runtime, runId, committed } = await idleRun(backend, {
      policy: { fallback: { attemptsPerModel: 2 } },
    });
    const { parts, error } = await read(streamModelForRun(runtime, { runId, request }));
    expect(error).toBeUndefined();
    expect(parts.map((part) => part.type)).toEqual(["text-delta", "finish"]);
    const events = await committed();
    expect(ofType(events, "retry-schedule")).toHaveLength(1);
    expect(ofType(events, "fallback-select")).toHaveLength(1);
    expect(backend.requests.map((call) => call.model)).toEqual([
      "scripted-standard",
      "scripted-standard",
      ofType(events, "fallback-select")[0]?.decision.model,
    ]);
  });

  it("ends a stream cut after its first delta, without a retry, settled at the estimate", async () => {
    const backend = new StreamingDouble([
      { deltas: ["2 +"], end: failed("cut_stream") },
      { deltas: ["4"], end: "finish" },
    ]);
    const { runtime, runId, committed } = await idleRun(backend);
    const { parts, error } = await read(streamModelForRun(runtime, { runId, request }));
    expect(parts.map((part) => part.type)).toEqual(["text-delta"]);
    expect(error).toMatchObject({ failure: "cut_stream" });
    const events = await committed();
    expect(typesOf(events)).not.toContain("retry-schedule");
    expect(ofType(events, "budget-settle")[0]?.actual.nanoUsd).toBeGreaterThan(0);
    expect(backend.requests).toHaveLength(1);
  });

  it("aborts the backend request when the kill switch fires mid-stream, settles and records the kill", async () => {
    const backend = new StreamingDouble([{ deltas: ["2", " + 2", " = 4"], end: "finish" }]);
    const { runtime, runId, committed } = await idleRun(backend);
    const { parts, error } = await read(streamModelForRun(runtime, { runId, request }), () =>
      runtime.killSwitch.trigger({ runId }),
    );
    expect(parts.map((part) => part.type)).toEqual(["text-delta"]);
    expect(error).toMatchObject({ code: "KILL_SWITCH_TRIGGERED" });
    expect(backend.endings).toEqual(["aborted"]);
    const events = await committed();
    expect(typesOf(events)).toEqual(["budget-reserve", "model-call-start", "budget-settle", "run-kill"]);
    expect(ofType(events, "budget-settle")[0]?.actual.nanoUsd).toBeGreaterThan(0);
  });

  it("ends the backend request when the consumer stops reading, and settles before returning", async () => {
    const backend = new StreamingDouble([{ deltas: ["2", " + 2", " = 4"], end: "finish" }]);
    const { runtime, runId, committed } = await idleRun(backend);
    for await (const part of streamModelForRun(runtime, { runId, request })) {
      expect(part.type).toBe("text-delta");
      break;
    }
    expect(backend.endings).toEqual(["aborted"]);
    const events = await committed();
    expect(typesOf(events)).toEqual([
      "budget-reserve",
      "model-call-start",
      "budget-settle",
      "model-call-error",
    ]);
    expect(ofType(events, "model-call-error")[0]).toMatchObject({ failure: "aborted", retryable: false });
  });

  it("refuses and records a streamed call no model can afford, before anything is sent", async () => {
    const backend = new StreamingDouble([]);
    const { runtime, runId, committed } = await idleRun(backend, { limits: { usd: 0.000001 } });
    const { parts, error } = await read(streamModelForRun(runtime, { runId, request }));
    expect(parts).toEqual([]);
    expect(error).toMatchObject({ code: "BUDGET_EXCEEDED" });
    expect(typesOf(await committed())).toEqual(["budget-exceeded"]);
    expect(backend.requests).toHaveLength(0);
  });

  it("passes a scripted backend's deltas through, then its finish part", async () => {
    const { runtime, runId } = await idleRun(new ScriptedBackend({ steps: [{ text: "4" }] }));
    const { parts } = await read(streamModelForRun(runtime, { runId, request }));
    expect(parts.at(-1)).toEqual({ type: "finish", response: expect.objectContaining({ text: "4" }) });
    const deltas = parts.filter((part) => part.type === "text-delta");
    expect(deltas.map((part) => (part.type === "text-delta" ? part.text : "")).join("")).toBe("4");
  });
});
