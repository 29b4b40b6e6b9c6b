import { parseFaultSpec } from "@agentone/simulated";
import type { ModelBackend, ModelRequest, ModelResponse } from "agentone";
import { collectModelStream, ModelCallError, VirtualClock } from "agentone";
import { withStreamFromGenerate } from "agentone/testing";
import { describe, expect, it } from "vitest";
import { FaultInjectingBackend } from "./fault-injecting-backend.js";

const answer: ModelResponse = {
  text: "",
  toolCalls: [{ id: "c1", name: "read_file", arguments: '{"path":"README.md"}' }],
  finishReason: "tool-calls",
  usage: { inputTokens: 10, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 5, reasoningTokens: 0 },
  modelVersion: "sim-cheap-2026-11",
};

function counting(): ModelBackend & { calls: number } {
  const backend = {
    name: "simulated",
    calls: 0,
    async generate() {
      this.calls++;
      return answer;
    },
  };
  return withStreamFromGenerate(backend);
}

const request: ModelRequest = { model: "sim-cheap", messages: [], tools: [], maxOutputTokens: 64 };

async function outcomes(backend: ModelBackend, count: number): Promise<string[]> {
  const seen: string[] = [];
  for (let index = 0; index < count; index++) {
    try {
      const response = await backend.generate(request);
      seen.push(response.toolCalls[0]?.arguments === answer.toolCalls[0]?.arguments ? "ok" : "malformed");
    } catch (error) {
      seen.push((error as ModelCallError).failure);
    }
  }
  return seen;
}

describe("FaultInjectingBackend", () => {
  it("keeps the inner backend's name and passes every call through without faults", async () => {
    const inner = counting();
    const backend = new FaultInjectingBackend({ inner, faults: [], seed: 1, clock: new VirtualClock() });
    expect(backend.name).toBe("simulated");
    expect(await outcomes(backend, 5)).toEqual(["ok", "ok", "ok", "ok", "ok"]);
    expect(inner.calls).toBe(5);
  });

  it.each([
    { spec: "429:1", failure: "rate_limit", innerCalls: 0 },
    { spec: "500:1", failure: "server", innerCalls: 0 },
    { spec: "503:1", failure: "overloaded", innerCalls: 0 },
    { spec: "cut:1", failure: "cut_stream", innerCalls: 1 },
    { spec: "timeout:1", failure: "timeout", innerCalls: 0 },
  ])("turns $spec into a retryable $failure error", async ({ spec, failure, innerCalls }) => {
    const inner = counting();
    const backend = new FaultInjectingBackend({
      inner,
      faults: parseFaultSpec(spec),
      seed: 1,
      clock: new VirtualClock(),
    });
    const error = await backend.generate(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ failure, retryable: true });
    expect(inner.calls).toBe(innerCalls);
  });

  it("announces a wait with a 429, as a rate-limited server does", async () => {
    const backend = new FaultInjectingBackend({
      inner: counting(),
      faults: parseFaultSpec("429:1"),
      seed: 3,
      clock: new VirtualClock(),
    });
    const error = (await backend.generate(request).catch((caught: unknown) => caught)) as ModelCallError;
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(1000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(5000);
  });

  it("cuts a tool call's arguments for a malformed-tool-call fault", async () => {
    const backend = new FaultInjectingBackend({
      inner: counting(),
      faults: parseFaultSpec("malformed-tool-call:1"),
      seed: 1,
      clock: new VirtualClock(),
    });
    expect(await outcomes(backend, 1)).toEqual(["malformed"]);
  });

  it("injects the same faults into the same calls for the same seed", async () => {
    const make = (seed: number) =>
      new FaultInjectingBackend({
        inner: counting(),
        faults: parseFaultSpec("429:0.2,500:0.2"),
        seed,
        clock: new VirtualClock(),
      });
    const first = await outcomes(make(7), 30);
    expect(await outcomes(make(7), 30)).toEqual(first);
    expect(first.filter((outcome) => outcome !== "ok").length).toBeGreaterThan(0);
    expect(await outcomes(make(8), 30)).not.toEqual(first);
  });

  it("meets the same faults streaming as generating: one draw per call, whichever method is used", async () => {
    const faults = parseFaultSpec("429:0.3,500:0.2,malformed-tool-call:0.2");
    const generating = new FaultInjectingBackend({
      inner: counting(),
      faults,
      seed: 9,
      clock: new VirtualClock(),
    });
    const streaming = new FaultInjectingBackend({
      inner: counting(),
      faults,
      seed: 9,
      clock: new VirtualClock(),
    });
    const viaStream: string[] = [];
    for (let index = 0; index < 12; index++) {
      try {
        const response = await collectModelStream(streaming.stream(request));
        viaStream.push(
          response.toolCalls[0]?.arguments === answer.toolCalls[0]?.arguments ? "ok" : "malformed",
        );
      } catch (error) {
        viaStream.push((error as ModelCallError).failure);
      }
    }
    expect(viaStream).toEqual(await outcomes(generating, 12));
  });

  it("streams the first half of a cut answer's deltas, then fails with cut_stream and no finish", async () => {
    const backend = new FaultInjectingBackend({
      inner: counting(),
      faults: parseFaultSpec("cut:1"),
      seed: 1,
      clock: new VirtualClock(),
    });
    const seen: string[] = [];
    const reading = (async () => {
      for await (const part of backend.stream(request)) seen.push(part.type);
    })();
    await expect(reading).rejects.toMatchObject({ failure: "cut_stream", retryable: true });
    expect(seen).toEqual(["tool-call-delta"]);
  });
});
