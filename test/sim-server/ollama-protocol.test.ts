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
});
