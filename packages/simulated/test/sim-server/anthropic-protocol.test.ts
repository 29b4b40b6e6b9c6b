import { describe, expect, it } from "vitest";
import {
  actSystemPrompt,
  goal,
  type Json,
  listing,
  parseSse,
  postJson,
  readJson,
  startSimServer,
  toolSchemas,
  useSimServer,
} from "./sim-server-harness.js";

const url = useSimServer();
const headers = { "anthropic-version": "2023-06-01", "x-api-key": "not-checked" };
const messages = (body: unknown) => postJson(`${url()}/v1/messages`, body, headers);

const tools = Object.entries(toolSchemas).map(([name, tool]) => ({
  name,
  description: tool.description,
  input_schema: tool.parameters,
}));
const question = {
  model: "sim-standard",
  max_tokens: 1024,
  messages: [{ role: "user", content: "What does ci.log say?" }],
};
const act = {
  model: "sim-premium",
  max_tokens: 4096,
  system: [{ type: "text", text: actSystemPrompt, cache_control: { type: "ephemeral" } }],
  messages: [{ role: "user", content: goal }],
  tools,
  tool_choice: { type: "auto" },
};

async function events(response: Response): Promise<{ event: string | null; data: Json }[]> {
  return parseSse(await response.text()).map(({ event, data }) => ({ event, data: JSON.parse(data) }));
}

describe("sim-server: Anthropic Messages", () => {
  it("answers text as a Message with uncached input_tokens and a request-id header", async () => {
    const response = await messages(question);
    expect(response.status).toBe(200);
    expect(response.headers.get("request-id")).toMatch(/^req_/);
    const body = await readJson(response);
    expect(body).toMatchObject({
      type: "message",
      role: "assistant",
      model: "sim-standard-2026-11",
      stop_reason: "end_turn",
      stop_sequence: null,
    });
    expect(body.id).toMatch(/^msg_01[0-9A-Za-z]{22}$/);
    expect(body.content).toHaveLength(1);
    expect(body.content[0].type).toBe("text");
    expect(body.content[0].text).toContain("[simulated");
    expect(body.usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
    expect(body.usage.input_tokens).toBeGreaterThan(0);
    expect(body.usage.output_tokens).toBeGreaterThan(0);
  });

  it("streams named events in order, with a ping and a cumulative message_delta", async () => {
    const whole = await readJson(await messages(question));
    const response = await messages({ ...question, stream: true });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    expect(response.headers.get("request-id")).toMatch(/^req_/);
    const all = await events(response);
    for (const { event, data } of all) expect(data.type).toBe(event);
    const names = all.map(({ event }) => event);
    const deltas = names.filter((name) => name === "content_block_delta").length;
    expect(deltas).toBeGreaterThan(2);
    expect(names).toEqual([
      "message_start",
      "content_block_start",
      "ping",
      ...Array(deltas).fill("content_block_delta"),
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    const start = all[0]?.data.message;
    expect(start).toMatchObject({ type: "message", role: "assistant", content: [], stop_reason: null });
    expect(start.usage.input_tokens).toBe(whole.usage.input_tokens);
    const text = all
      .filter(({ event }) => event === "content_block_delta")
      .map(({ data }) => {
        expect(data.delta.type).toBe("text_delta");
        return data.delta.text;
      })
      .join("");
    expect(text).toBe(whole.content[0].text);
    expect(all.at(-2)?.data).toEqual({
      type: "message_delta",
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: { output_tokens: whole.usage.output_tokens },
    });
  });

  it("calls a tool with a tool_use block whose input is an object", async () => {
    const body = await readJson(await messages(act));
    expect(body.stop_reason).toBe("tool_use");
    const toolUse = body.content.find((block: Json) => block.type === "tool_use");
    expect(toolUse.id).toMatch(/^toolu_01[0-9A-Za-z]{22}$/);
    expect(toolUse.name).toBe("list_files");
    expect(toolUse.input).toMatchObject({ path: "." });
  });

  it("streams a tool_use block as input_json_delta fragments", async () => {
    const whole = await readJson(await messages(act));
    const all = await events(await messages({ ...act, stream: true }));
    const start = all.find(({ data }) => data.content_block?.type === "tool_use")?.data;
    // Each request draws its own seed (the Messages API has none), so the ids differ; the call does not.
    expect(start.content_block).toMatchObject({ type: "tool_use", name: "list_files", input: {} });
    expect(start.content_block.id).toMatch(/^toolu_01[0-9A-Za-z]{22}$/);
    const json = all
      .filter(({ data }) => data.type === "content_block_delta" && data.index === start.index)
      .map(({ data }) => {
        expect(data.delta.type).toBe("input_json_delta");
        return data.delta.partial_json;
      })
      .join("");
    expect(JSON.parse(json)).toEqual(whole.content.at(-1).input);
    expect(all.at(-2)?.data.delta.stop_reason).toBe("tool_use");
  });

  it("reads tool_result blocks: after the listing it reads the log", async () => {
    const first = await readJson(await messages(act));
    const toolUse = first.content.find((block: Json) => block.type === "tool_use");
    const body = await readJson(
      await messages({
        ...act,
        messages: [
          ...act.messages,
          { role: "assistant", content: first.content },
          { role: "user", content: [{ type: "tool_result", tool_use_id: toolUse.id, content: listing }] },
        ],
      }),
    );
    const next = body.content.find((block: Json) => block.type === "tool_use");
    expect(next).toMatchObject({ name: "read_file", input: { path: "ci.log" } });
  });

  it("derives a seed per request: a retry draws anew, a fresh server with the same --seed repeats", async () => {
    const [one, two] = await Promise.all([startSimServer(), startSimServer()]);
    try {
      const send = (server: { url: string }) => postJson(`${server.url}/v1/messages`, act, headers);
      const first = await send(one);
      const retry = await send(one);
      const again = await send(two);
      const seed = first.headers.get("x-agentone-seed");
      expect(seed).toMatch(/^\d+$/);
      expect(retry.headers.get("x-agentone-seed")).not.toBe(seed);
      expect(again.headers.get("x-agentone-seed")).toBe(seed);
      const [body, repeated] = [await readJson(first), await readJson(again)];
      expect(repeated.content).toEqual(body.content);
      expect(repeated.usage).toEqual(body.usage);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it("requires max_tokens: 400 invalid_request_error with the request id", async () => {
    const { max_tokens: _, ...withoutMaxTokens } = question;
    const response = await messages(withoutMaxTokens);
    expect(response.status).toBe(400);
    const body = await readJson(response);
    expect(body).toEqual({
      type: "error",
      error: { type: "invalid_request_error", message: "max_tokens: Field required" },
      request_id: response.headers.get("request-id"),
    });
  });

  it("answers malformed JSON with 400 invalid_request_error", async () => {
    const response = await messages("{not json");
    expect(response.status).toBe(400);
    const body = await readJson(response);
    expect(body.type).toBe("error");
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.request_id).toBe(response.headers.get("request-id"));
  });

  it("answers an unknown model with 404 not_found_error", async () => {
    const response = await messages({ ...question, model: "claude-nonexistent" });
    expect(response.status).toBe(404);
    const body = await readJson(response);
    expect(body.error).toEqual({ type: "not_found_error", message: "model: claude-nonexistent" });
  });

  it("lists the models in Anthropic's shape for clients sending anthropic-version", async () => {
    const response = await fetch(`${url()}/v1/models`, { headers });
    expect(response.headers.get("request-id")).toMatch(/^req_/);
    const body = await readJson(response);
    expect(body.data[0]).toMatchObject({ type: "model", id: "sim-premium" });
    expect(body).toMatchObject({ has_more: false, first_id: "sim-premium", last_id: "sim-local" });
  });

  it("retrieves one model at GET /v1/models/{model_id}, and answers an unknown one with not_found_error", async () => {
    const response = await fetch(`${url()}/v1/models/sim-premium`, { headers });
    expect(response.status).toBe(200);
    expect(await readJson(response)).toEqual({
      type: "model",
      id: "sim-premium",
      display_name: "sim-premium",
      created_at: "2026-11-01T00:00:00Z",
    });
    const missing = await fetch(`${url()}/v1/models/claude-nonexistent`, { headers });
    expect(missing.status).toBe(404);
    expect(await readJson(missing)).toEqual({
      type: "error",
      error: { type: "not_found_error", message: "model: claude-nonexistent" },
      request_id: missing.headers.get("request-id"),
    });
  });
});

describe("sim-server: Anthropic count_tokens", () => {
  const countTokens = (body: unknown) => postJson(`${url()}/v1/messages/count_tokens`, body, headers);

  it("counts a request's input tokens exactly as the same Messages request reports them", async () => {
    for (const request of [question, act]) {
      const { max_tokens: _, ...withoutMaxTokens } = request;
      const response = await countTokens(withoutMaxTokens);
      expect(response.status).toBe(200);
      expect(response.headers.get("request-id")).toMatch(/^req_/);
      const counted = await readJson(response);
      const sent = await readJson(await messages(request));
      expect(counted).toEqual({ input_tokens: sent.usage.input_tokens });
    }
  });

  it("answers bad requests in Anthropic's error shape", async () => {
    const cases: [unknown, number, string][] = [
      ["{not json", 400, "invalid_request_error"],
      [{ model: "sim-cheap" }, 400, "invalid_request_error"],
      [{ ...question, model: "claude-nonexistent" }, 404, "not_found_error"],
    ];
    for (const [body, status, type] of cases) {
      const response = await countTokens(body);
      expect(response.status).toBe(status);
      const error = await readJson(response);
      expect(error).toMatchObject({ type: "error", error: { type } });
      expect(error.request_id).toBe(response.headers.get("request-id"));
    }
  });
});

describe("sim-server: Anthropic error shapes everywhere", () => {
  it("answers an unknown path or method on an Anthropic request with a not_found_error", async () => {
    const requests = [
      fetch(`${url()}/v1/messages/batches`, { method: "POST", headers, body: "{}" }),
      fetch(`${url()}/v1/messages`, { headers }),
      fetch(`${url()}/v1/complete`, { method: "POST", headers, body: "{}" }),
      // The Messages path marks a request as Anthropic's even without the version header.
      fetch(`${url()}/v1/messages/unknown`),
    ];
    for (const response of await Promise.all(requests)) {
      expect(response.status).toBe(404);
      expect(await readJson(response)).toEqual({
        type: "error",
        error: { type: "not_found_error", message: "Not Found" },
        request_id: response.headers.get("request-id"),
      });
    }
  });

  it("still answers an unknown path in OpenAI's shape when the request is not Anthropic's", async () => {
    const response = await fetch(`${url()}/v1/complete`, { method: "POST", body: "{}" });
    expect(response.status).toBe(404);
    expect((await readJson(response)).error).toMatchObject({ code: "unknown_url" });
  });
});
