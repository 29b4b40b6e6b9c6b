import type { RunningSimServer } from "@agentone/simulated";
import { afterEach, describe, expect, it } from "vitest";
import {
  actSystemPrompt,
  goal,
  startSimServer,
  toolSchemas,
} from "../../../simulated/test/sim-server/sim-server-harness.js";
import type { ModelBackend, ModelRequest } from "../../src/backends/model-backend.js";
import { expectWellFormedStream, readParts } from "./backend-contract.js";

/** An acting step with the workspace tools: the simulated model answers with a tool call. */
function simulatedRequest(model: string, stream: boolean): ModelRequest {
  return {
    model,
    messages: [
      { role: "system", content: actSystemPrompt },
      { role: "user", content: goal },
    ],
    tools: Object.entries(toolSchemas).map(([name, tool]) => ({
      name,
      description: tool.description,
      inputSchema: tool.parameters,
    })),
    maxOutputTokens: 512,
    seed: 4,
    stream,
  };
}

/** A plain question: the simulated model answers with text. */
function textRequest(model: string): ModelRequest {
  return {
    model,
    messages: [{ role: "user", content: "What does ci.log say? Answer in one sentence." }],
    tools: [],
    maxOutputTokens: 512,
    seed: 7,
    stream: true,
  };
}

/**
 * The streaming contract of ModelBackend, against the sim-server over real HTTP (one run per adapter, each
 * speaking its own protocol to it): `stream()` yields deltas that join to its `finish`, which is the
 * answer `generate` returns for the same request on a fresh server with the same seed.
 */
export function runStreamContract(
  name: string,
  options: { model: string; createBackend: (serverUrl: string) => ModelBackend },
): void {
  describe(`${name} streaming contract against the sim-server`, () => {
    const servers: RunningSimServer[] = [];
    afterEach(async () => {
      for (const server of servers.splice(0)) await server.close();
    });
    /** A fresh server, so that each call draws the same answer (seeded servers repeat their sequence). */
    async function freshBackend(): Promise<ModelBackend> {
      const server = await startSimServer({ seed: 7 });
      servers.push(server);
      return options.createBackend(server.url);
    }

    for (const [label, request, kind] of [
      ["a tool-calling step", simulatedRequest(options.model, true), "tool-call-delta"],
      ["a text answer", textRequest(options.model), "text-delta"],
    ] as const) {
      it(`streams ${label} as deltas, then the finish generate returns`, async () => {
        const parts = await readParts((await freshBackend()).stream(request));
        const streamed = expectWellFormedStream(parts);
        expect(parts.filter((part) => part.type === kind).length).toBeGreaterThan(0);
        const generated = await (await freshBackend()).generate(request);
        const { baseUrl: _streamedUrl, ...streamedProvenance } = streamed.provenance ?? {};
        const { baseUrl: _generatedUrl, ...generatedProvenance } = generated.provenance ?? {};
        expect({ ...streamed, provenance: streamedProvenance }).toEqual({
          ...generated,
          provenance: generatedProvenance,
        });
        expect(streamed.usage.outputTokens).toBeGreaterThan(0);
      });
    }

    it("streams the same answer generate gives without streaming", async () => {
      const streamed = expectWellFormedStream(
        await readParts((await freshBackend()).stream(simulatedRequest(options.model, true))),
      );
      const whole = await (await freshBackend()).generate(simulatedRequest(options.model, false));
      expect({
        text: streamed.text,
        toolCalls: streamed.toolCalls.map(({ name: callName, arguments: args }) => ({ callName, args })),
      }).toEqual({
        text: whole.text,
        toolCalls: whole.toolCalls.map(({ name: callName, arguments: args }) => ({ callName, args })),
      });
      expect(streamed.usage).toEqual(whole.usage);
      expect(streamed.finishReason).toBe(whole.finishReason);
    });

    it("fails a stream the server cuts midway with cut_stream, after the deltas that arrived", async () => {
      const server = await startSimServer({ seed: 7, faults: "cut:1" });
      servers.push(server);
      const seen: string[] = [];
      const reading = (async () => {
        for await (const part of options
          .createBackend(server.url)
          .stream(simulatedRequest(options.model, true)))
          seen.push(part.type);
      })();
      await expect(reading).rejects.toMatchObject({ code: "MODEL_CALL_ERROR", failure: "cut_stream" });
      expect(seen).not.toContain("finish");
    });
  });
}
