import { describe, expect, it } from "vitest";
import type { RunningSimServer } from "../../src/sim-server/index.js";
import {
  actSystemPrompt,
  functionTools,
  goal,
  type Json,
  parseNdjson,
  parseSse,
  postJson,
  readJson,
  readUntilCut,
  startSimServer,
  toolSchemas,
} from "./sim-server-harness.js";

type ProtocolName = "openai" | "ollama" | "anthropic";

/** An acting request (the simulated model calls list_files) in each protocol. */
const acting: Record<ProtocolName, { path: string; body: (stream: boolean) => Record<string, unknown> }> = {
  openai: {
    path: "/v1/chat/completions",
    body: (stream) => ({
      model: "sim-premium",
      messages: [
        { role: "system", content: actSystemPrompt },
        { role: "user", content: goal },
      ],
      tools: functionTools,
      stream,
    }),
  },
  ollama: {
    path: "/api/chat",
    body: (stream) => ({
      model: "sim-premium",
      messages: [
        { role: "system", content: actSystemPrompt },
        { role: "user", content: goal },
      ],
      tools: functionTools,
      stream,
    }),
  },
  anthropic: {
    path: "/v1/messages",
    body: (stream) => ({
      model: "sim-premium",
      max_tokens: 4096,
      system: actSystemPrompt,
      messages: [{ role: "user", content: goal }],
      tools: Object.entries(toolSchemas).map(([name, tool]) => ({
        name,
        description: tool.description,
        input_schema: tool.parameters,
      })),
      stream,
    }),
  },
};

const protocols = Object.keys(acting) as ProtocolName[];

/** Runs `test` against a fresh server with `faults`, and closes it. */
async function withServer(
  options: { faults: string; timeScale?: number; seed?: number },
  test: (
    send: (protocol: ProtocolName, stream: boolean, init?: RequestInit) => Promise<Response>,
  ) => Promise<void>,
) {
  const server: RunningSimServer = await startSimServer(options);
  try {
    await test((protocol, stream, init) =>
      fetch(`${server.url}${acting[protocol].path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(acting[protocol].body(stream)),
        ...init,
      }),
    );
  } finally {
    await server.close();
  }
}

describe("sim-server faults", () => {
  it("429:1 answers 429 with retry-after in each protocol's shape", async () => {
    // A time scale above 0 keeps the announced wait visible: it is scaled and rounded up to whole seconds.
    await withServer({ faults: "429:1", timeScale: 0.001 }, async (send) => {
      const openai = await send("openai", false);
      expect(openai.status).toBe(429);
      expect(openai.headers.get("retry-after")).toBe("1");
      expect((await readJson(openai)).error).toMatchObject({
        type: "requests",
        param: null,
        code: "rate_limit_exceeded",
      });
      const ollama = await send("ollama", true);
      expect(ollama.status).toBe(429);
      expect(ollama.headers.get("retry-after")).toBe("1");
      expect(typeof (await readJson(ollama)).error).toBe("string");
      const anthropic = await send("anthropic", false);
      expect(anthropic.status).toBe(429);
      expect(anthropic.headers.get("retry-after")).toBe("1");
      const body = await readJson(anthropic);
      expect(body).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
      expect(body.request_id).toBe(anthropic.headers.get("request-id"));
    });
  });

  it("500:1 answers 500 in each protocol's shape", async () => {
    await withServer({ faults: "500:1" }, async (send) => {
      const openai = await send("openai", true);
      expect(openai.status).toBe(500);
      expect((await readJson(openai)).error).toMatchObject({ type: "server_error", param: null, code: null });
      const ollama = await send("ollama", false);
      expect(ollama.status).toBe(500);
      expect(Object.keys(await readJson(ollama))).toEqual(["error"]);
      const anthropic = await send("anthropic", true);
      expect(anthropic.status).toBe(500);
      expect((await readJson(anthropic)).error.type).toBe("api_error");
    });
  });

  for (const kind of ["503", "529"])
    it(`${kind}:1 answers "overloaded": 529 overloaded_error for Anthropic, 503 for the others`, async () => {
      await withServer({ faults: `${kind}:1` }, async (send) => {
        const openai = await send("openai", false);
        expect(openai.status).toBe(503);
        expect((await readJson(openai)).error.code).toBe("server_is_overloaded");
        const ollama = await send("ollama", false);
        expect(ollama.status).toBe(503);
        expect(typeof (await readJson(ollama)).error).toBe("string");
        const anthropic = await send("anthropic", false);
        expect(anthropic.status).toBe(529);
        expect((await readJson(anthropic)).error).toEqual({
          type: "overloaded_error",
          message: "Overloaded",
        });
      });
    });

  it("timeout:1 never answers, until the client gives up", async () => {
    await withServer({ faults: "timeout:1" }, async (send) => {
      for (const protocol of protocols)
        await expect(send(protocol, false, { signal: AbortSignal.timeout(150) })).rejects.toThrow();
    });
  });

  it("timeout:1 requests end when the server closes", async () => {
    const server = await startSimServer({ faults: "timeout:1" });
    let settled = false;
    const pending = postJson(`${server.url}/api/chat`, acting.ollama.body(false)).finally(() => {
      settled = true;
    });
    // A `GET` is never faulted: its answer shows the server is serving while the POST is held.
    expect((await fetch(`${server.url}/api/tags`)).status).toBe(200);
    expect(settled).toBe(false);
    await server.close();
    await expect(pending).rejects.toThrow();
  });

  it("cut:1 drops the connection midway through whole answers", async () => {
    await withServer({ faults: "cut:1" }, async (send) => {
      for (const protocol of protocols) {
        const response = await send(protocol, false);
        expect(response.status).toBe(200);
        const { text, cut } = await readUntilCut(response);
        expect(cut).toBe(true);
        expect(text.length).toBeGreaterThan(0);
        expect(() => JSON.parse(text)).toThrow();
      }
    });
  });

  it("cut:1 drops the connection midway through streams", async () => {
    await withServer({ faults: "cut:1" }, async (send) => {
      const openai = await readUntilCut(await send("openai", true));
      expect(openai.cut).toBe(true);
      expect(openai.text).toContain("data: {");
      expect(openai.text).not.toContain("[DONE]");
      const ollama = await readUntilCut(await send("ollama", true));
      expect(ollama.cut).toBe(true);
      expect(ollama.text).toContain('"done":false');
      expect(ollama.text).not.toContain('"done":true');
      const anthropic = await readUntilCut(await send("anthropic", true));
      expect(anthropic.cut).toBe(true);
      expect(anthropic.text).toContain("event: message_start");
      expect(anthropic.text).not.toContain("event: message_stop");
    });
  });

  it("malformed-tool-call:1 sends OpenAI arguments that are not valid JSON", async () => {
    await withServer({ faults: "malformed-tool-call:1" }, async (send) => {
      const body = await readJson(await send("openai", false));
      expect(body.choices[0].finish_reason).toBe("tool_calls");
      const [call] = body.choices[0].message.tool_calls;
      expect(call.function.name).toBe("list_files");
      expect(typeof call.function.arguments).toBe("string");
      expect(() => JSON.parse(call.function.arguments)).toThrow();

      const chunks = parseSse(await (await send("openai", true)).text()).slice(0, -1);
      const streamed = chunks
        .flatMap(({ data }) => (JSON.parse(data) as Json).choices[0]?.delta.tool_calls ?? [])
        .map((delta: Json) => delta.function.arguments)
        .join("");
      expect(streamed).toBe(call.function.arguments);
    });
  });

  it("malformed-tool-call:1 is Ollama's own failure: a 500, or an error line once streaming began", async () => {
    await withServer({ faults: "malformed-tool-call:1" }, async (send) => {
      const whole = await send("ollama", false);
      expect(whole.status).toBe(500);
      expect((await readJson(whole)).error).toMatch(/^error parsing tool call: raw='\{"path/);

      const streamed = await send("ollama", true);
      expect(streamed.status).toBe(200);
      const lines = parseNdjson(await streamed.text()) as Json[];
      expect(lines.at(-1)).toEqual({ error: expect.stringMatching(/^error parsing tool call/) });
      expect(lines.slice(0, -1).every((line) => line.done === false && line.message.content !== "")).toBe(
        true,
      );
    });
  });

  it("malformed-tool-call:1 streams truncated input_json_delta for Anthropic, and cuts a whole Message", async () => {
    await withServer({ faults: "malformed-tool-call:1" }, async (send) => {
      const events = parseSse(await (await send("anthropic", true)).text()).map(
        ({ data }) => JSON.parse(data) as Json,
      );
      const json = events
        .filter((event) => event.delta?.type === "input_json_delta")
        .map((event) => event.delta.partial_json)
        .join("");
      expect(json.startsWith('{"path"')).toBe(true);
      expect(() => JSON.parse(json)).toThrow();
      expect(events.at(-1).type).toBe("message_stop");

      // A Message's `input` is an object on the wire: invalid JSON cannot be written there, so it is a cut.
      const whole = await readUntilCut(await send("anthropic", false));
      expect(whole.cut).toBe(true);
    });
  });

  it("malformed-tool-call:1 leaves answers without a tool call alone", async () => {
    const server = await startSimServer({ faults: "malformed-tool-call:1" });
    try {
      const response = await postJson(`${server.url}/v1/chat/completions`, {
        model: "sim-cheap",
        messages: [{ role: "user", content: "Hello?" }],
      });
      expect(response.status).toBe(200);
      expect((await readJson(response)).choices[0].finish_reason).toBe("stop");
    } finally {
      await server.close();
    }
  });

  it("draws the same faults for the same seed, request after request", async () => {
    const statuses = async (seed: number) => {
      const found: number[] = [];
      await withServer({ faults: "429:0.3,500:0.2", seed }, async (send) => {
        for (let index = 0; index < 12; index++) {
          const response = await send("openai", false);
          await response.arrayBuffer();
          found.push(response.status);
        }
      });
      return found;
    };
    const first = await statuses(11);
    expect(await statuses(11)).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(1);
  });
});
