import { VirtualClock } from "agentone";
import { describe, expect, it } from "vitest";
import {
  actSystemPrompt,
  functionTools,
  goal,
  type Json,
  listing,
  parseNdjson,
  postJson,
  readJson,
  startSimServer,
  useSimServer,
} from "./sim-server-harness.js";

const url = useSimServer();
const chat = (body: unknown) => postJson(`${url()}/api/chat`, body);

const question = {
  model: "sim-local",
  messages: [{ role: "user", content: "What does ci.log say?" }],
  options: { seed: 4, temperature: 0 },
};
const act = {
  model: "sim-premium",
  messages: [
    { role: "system", content: actSystemPrompt },
    { role: "user", content: goal },
  ],
  tools: functionTools,
  options: { seed: 4 },
};

const durations = ["total_duration", "load_duration", "prompt_eval_duration", "eval_duration"] as const;

describe("sim-server: Ollama /api/chat", () => {
  it("answers one JSON object with stream: false, durations in nanoseconds", async () => {
    const response = await chat({ ...question, stream: false });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    const body = await readJson(response);
    expect(body).toMatchObject({ model: "sim-local", done: true, done_reason: "stop" });
    expect(body.message.role).toBe("assistant");
    expect(body.message.content).toContain("[simulated");
    expect(Number.isNaN(Date.parse(body.created_at))).toBe(false);
    for (const field of durations) expect(Number.isInteger(body[field])).toBe(true);
    // sim-local answers in seconds at 20.87 tokens per second: in nanoseconds, far above 1e8.
    expect(body.total_duration).toBeGreaterThan(100_000_000);
    expect(body.total_duration).toBe(body.load_duration + body.prompt_eval_duration + body.eval_duration);
    expect(body.prompt_eval_count).toBeGreaterThan(0);
    expect(body.eval_count).toBeGreaterThan(0);
  });

  it("streams NDJSON by default: content deltas, then a done line with metrics", async () => {
    const whole = await readJson(await chat({ ...question, stream: false }));
    const { stream: _, ...withoutStream } = { ...question, stream: undefined };
    const response = await chat(withoutStream);
    expect(response.headers.get("content-type")).toBe("application/x-ndjson");
    const lines = parseNdjson(await response.text()) as Json[];
    const done = lines.at(-1);
    const deltas = lines.slice(0, -1);
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas.every((line) => line.done === false && line.model === "sim-local")).toBe(true);
    expect(deltas.map((line) => line.message.content).join("")).toBe(whole.message.content);
    expect(done).toMatchObject({
      done: true,
      done_reason: "stop",
      message: { role: "assistant", content: "" },
    });
    for (const field of durations) expect(done[field]).toBe(whole[field]);
    expect(done.eval_count).toBe(whole.eval_count);
    expect(done.prompt_eval_count).toBe(whole.prompt_eval_count);
  });

  it("calls a tool with arguments as an object and an Ollama-style id", async () => {
    const body = await readJson(await chat({ ...act, stream: false }));
    expect(body.done_reason).toBe("stop");
    const [call] = body.message.tool_calls;
    expect(call.id).toMatch(/^call_[a-z0-9]{8}$/);
    expect(call.function).toMatchObject({ index: 0, name: "list_files" });
    expect(typeof call.function.arguments).toBe("object");
    expect(call.function.arguments).toMatchObject({ path: "." });
  });

  it("streams a tool call whole, on a done: false line", async () => {
    const whole = await readJson(await chat({ ...act, stream: false }));
    const lines = parseNdjson(await (await chat(act)).text()) as Json[];
    const withCalls = lines.filter((line) => line.message?.tool_calls);
    expect(withCalls).toHaveLength(1);
    expect(withCalls[0].done).toBe(false);
    expect(withCalls[0].message.tool_calls).toEqual(whole.message.tool_calls);
    expect(lines.at(-1).done).toBe(true);
  });

  it("reads tool results named by tool_name only (older clients)", async () => {
    const first = await readJson(await chat({ ...act, stream: false }));
    const { id: _, ...callWithoutId } = first.message.tool_calls[0];
    const body = await readJson(
      await chat({
        ...act,
        stream: false,
        messages: [
          ...act.messages,
          { role: "assistant", content: first.message.content, tool_calls: [callWithoutId] },
          { role: "tool", tool_name: "list_files", content: listing },
        ],
      }),
    );
    const [call] = body.message.tool_calls;
    expect(call.function.name).toBe("read_file");
    expect(call.function.arguments).toEqual({ path: "ci.log" });
  });

  it("is deterministic by options.seed, and accepts the :latest tag", async () => {
    const first = await readJson(await chat({ ...act, stream: false }));
    const second = await readJson(await chat({ ...act, model: "sim-premium:latest", stream: false }));
    expect(second.message).toEqual(first.message);
    expect(second.eval_count).toBe(first.eval_count);
    expect(second.model).toBe("sim-premium:latest");
  });

  it("answers an unknown model with 404 {error}", async () => {
    const response = await chat({ ...question, model: "llama3.1:8b" });
    expect(response.status).toBe(404);
    expect(await readJson(response)).toEqual({ error: "model 'llama3.1:8b' not found" });
  });

  it("answers malformed bodies with 400 {error}", async () => {
    const unreadable = await chat("{not json");
    expect(unreadable.status).toBe(400);
    expect(typeof (await readJson(unreadable)).error).toBe("string");
    const empty = await chat("");
    expect(await readJson(empty)).toEqual({ error: "missing request body" });
    const noModel = await chat({ messages: question.messages });
    expect(noModel.status).toBe(400);
    expect(await readJson(noModel)).toEqual({ error: "model is required" });
  });

  it("lists the models at GET /api/tags", async () => {
    const body = await readJson(await fetch(`${url()}/api/tags`));
    expect(body.models.map((model: Json) => model.name)).toEqual([
      "sim-premium:latest",
      "sim-standard:latest",
      "sim-cheap:latest",
      "sim-local:latest",
    ]);
    expect(body.models[0].digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it("treats options.seed -1 (random) as no seed: each retry draws its own", async () => {
    const seeds = [];
    for (let retry = 0; retry < 3; retry++) {
      const response = await chat({ ...question, stream: false, options: { seed: -1 } });
      seeds.push(response.headers.get("x-agentone-seed"));
    }
    expect(new Set(seeds).size).toBe(3);
    const fixed = await chat({ ...question, stream: false });
    expect(fixed.headers.get("x-agentone-seed")).toBe("4");
  });

  it("answers one JSON object with format: json", async () => {
    const plain = await readJson(await chat({ ...question, stream: false }));
    const body = await readJson(await chat({ ...question, stream: false, format: "json" }));
    expect(JSON.parse(body.message.content)).toEqual({ answer: plain.message.content });
  });

  it("shows a model at POST /api/show: capabilities and context length", async () => {
    for (const request of [{ model: "sim-local:latest" }, { name: "sim-local" }]) {
      const response = await postJson(`${url()}/api/show`, request);
      expect(response.status).toBe(200);
      const body = await readJson(response);
      expect(body).toMatchObject({
        template: expect.any(String),
        modelfile: expect.stringContaining("FROM sim-local:latest"),
        parameters: "num_ctx 32768",
        details: { family: "agentone-sim", families: ["agentone-sim"] },
        capabilities: ["completion", "tools"],
        modified_at: "2026-11-01T00:00:00Z",
      });
      expect(body.model_info["general.architecture"]).toBe("agentone-sim");
      expect(body.model_info["agentone-sim.context_length"]).toBe(32768);
    }
    const missing = await postJson(`${url()}/api/show`, { model: "llama3.1:8b" });
    expect(missing.status).toBe(404);
    expect(await readJson(missing)).toEqual({ error: "model 'llama3.1:8b' not found" });
    const nameless = await postJson(`${url()}/api/show`, {});
    expect(nameless.status).toBe(400);
    expect(await readJson(nameless)).toEqual({ error: "model is required" });
  });

  it("reports its version at GET /api/version", async () => {
    const body = await readJson(await fetch(`${url()}/api/version`));
    expect(Object.keys(body)).toEqual(["version"]);
    expect(body.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("lists at GET /api/ps the models that answered in the last five minutes, as Ollama keeps them loaded", async () => {
    const clock = new VirtualClock({ start: Date.parse("2026-12-01T10:00:00Z") });
    const server = await startSimServer({ clock });
    try {
      const running = async () => (await readJson(await fetch(`${server.url}/api/ps`))).models as Json[];
      expect(await running()).toEqual([]);
      await postJson(`${server.url}/api/chat`, { ...question, stream: false });
      const [loaded, ...others] = await running();
      expect(others).toEqual([]);
      expect(loaded).toMatchObject({
        name: "sim-local:latest",
        model: "sim-local:latest",
        size: 0,
        size_vram: 0,
        context_length: 32768,
        details: { family: "agentone-sim" },
        expires_at: "2026-12-01T10:05:00.000Z",
      });
      expect(loaded.digest).toMatch(/^[0-9a-f]{64}$/);
      clock.advance(5 * 60_000);
      expect(await running()).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
