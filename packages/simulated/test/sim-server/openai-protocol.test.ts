import { describe, expect, it } from "vitest";
import {
  actSystemPrompt,
  functionTools,
  goal,
  type Json,
  listing,
  parseSse,
  postJson,
  readJson,
  useSimServer,
} from "./sim-server-harness.js";

const url = useSimServer();
const chat = (body: unknown) => postJson(`${url()}/v1/chat/completions`, body);

const question = {
  model: "sim-standard",
  messages: [{ role: "user", content: "What does ci.log say?" }],
  seed: 4,
};
const act = {
  model: "sim-premium",
  messages: [
    { role: "system", content: actSystemPrompt },
    { role: "user", content: goal },
  ],
  tools: functionTools,
  tool_choice: "auto",
  seed: 4,
};

/** The chunks of an SSE body, `[DONE]` kept as the string. */
async function chunks(response: Response): Promise<(Json | "[DONE]")[]> {
  return parseSse(await response.text()).map(({ data }) => (data === "[DONE]" ? data : JSON.parse(data)));
}

describe("sim-server: OpenAI Chat Completions", () => {
  it("answers text as a chat.completion with usage including cached tokens", async () => {
    const response = await chat(question);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);
    const body = await readJson(response);
    expect(body).toMatchObject({ object: "chat.completion", model: "sim-standard-2026-11" });
    expect(body.id).toMatch(/^chatcmpl-/);
    expect(body.choices).toHaveLength(1);
    const [choice] = body.choices;
    expect(choice.finish_reason).toBe("stop");
    expect(choice.message.role).toBe("assistant");
    expect(choice.message.content).toContain("[simulated");
    expect(choice.message.tool_calls).toBeUndefined();
    const usage = body.usage;
    expect(usage.prompt_tokens).toBeGreaterThan(0);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    expect(usage.prompt_tokens_details).toEqual({ cached_tokens: 0, audio_tokens: 0 });
    expect(usage.completion_tokens_details.reasoning_tokens).toBeLessThanOrEqual(usage.completion_tokens);
  });

  it("streams SSE chunks, then the choices: [] usage chunk, then [DONE]", async () => {
    const whole = await readJson(await chat(question));
    const response = await chat({ ...question, stream: true, stream_options: { include_usage: true } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const all = await chunks(response);
    expect(all.at(-1)).toBe("[DONE]");
    const events = all.slice(0, -1) as Json[];
    const usageChunk = events.at(-1);
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage).toEqual(whole.usage);
    for (const chunk of events.slice(0, -1)) {
      expect(chunk.object).toBe("chat.completion.chunk");
      expect(chunk.usage).toBeNull();
      expect(chunk.choices[0].index).toBe(0);
    }
    expect(events[0].choices[0].delta.role).toBe("assistant");
    const text = events
      .slice(0, -1)
      .map((chunk) => chunk.choices[0].delta.content ?? "")
      .join("");
    expect(text).toBe(whole.choices[0].message.content);
    expect(events.at(-2).choices[0].finish_reason).toBe("stop");
    expect(events.length).toBeGreaterThan(4);
  });

  it("sends no usage chunk without stream_options.include_usage", async () => {
    const all = await chunks(await chat({ ...question, stream: true }));
    const events = all.slice(0, -1) as Json[];
    expect(all.at(-1)).toBe("[DONE]");
    expect(events.every((chunk) => chunk.choices.length === 1 && !("usage" in chunk))).toBe(true);
  });

  it("calls a tool with JSON-string arguments", async () => {
    const body = await readJson(await chat(act));
    const [choice] = body.choices;
    expect(choice.finish_reason).toBe("tool_calls");
    const [call] = choice.message.tool_calls;
    expect(call).toMatchObject({ type: "function", function: { name: "list_files" } });
    expect(call.id).toMatch(/^call_[0-9A-Za-z]{24}$/);
    expect(typeof call.function.arguments).toBe("string");
    expect(JSON.parse(call.function.arguments)).toMatchObject({ path: "." });
  });

  it("streams tool-call deltas with index, id and type first, then argument fragments", async () => {
    const whole = await readJson(await chat(act));
    const all = await chunks(await chat({ ...act, stream: true }));
    const deltas = (all.slice(0, -1) as Json[]).flatMap((chunk) => chunk.choices[0].delta.tool_calls ?? []);
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas[0]).toMatchObject({
      index: 0,
      type: "function",
      function: { name: "list_files", arguments: "" },
    });
    expect(deltas[0].id).toBe(whole.choices[0].message.tool_calls[0].id);
    for (const delta of deltas.slice(1)) {
      expect(delta.index).toBe(0);
      expect(delta.id).toBeUndefined();
    }
    const argumentsText = deltas.map((delta) => delta.function.arguments).join("");
    expect(argumentsText).toBe(whole.choices[0].message.tool_calls[0].function.arguments);
    expect(all.at(-2)).toMatchObject({ choices: [{ finish_reason: "tool_calls" }] });
  });

  it("reads tool results: after the listing it reads the log", async () => {
    const first = await readJson(await chat(act));
    const assistant = first.choices[0].message;
    const response = await chat({
      ...act,
      messages: [
        ...act.messages,
        assistant,
        { role: "tool", tool_call_id: assistant.tool_calls[0].id, content: listing },
      ],
    });
    const [call] = (await readJson(response)).choices[0].message.tool_calls;
    expect(call.function.name).toBe("read_file");
    expect(JSON.parse(call.function.arguments)).toEqual({ path: "ci.log" });
  });

  it("is deterministic: the same request and seed give the same answer", async () => {
    const first = await readJson(await chat(act));
    const second = await readJson(await chat(act));
    expect(second.choices).toEqual(first.choices);
    expect(second.usage).toEqual(first.usage);
    expect(second.id).not.toBe(first.id);
  });

  it("cuts the answer at max_completion_tokens with finish_reason length", async () => {
    const body = await readJson(await chat({ ...question, max_completion_tokens: 5 }));
    expect(body.choices[0].finish_reason).toBe("length");
    expect(body.usage.completion_tokens).toBe(5);
  });

  it("answers an unknown model with OpenAI's 404 shape", async () => {
    const response = await chat({ ...question, model: "gpt-nonexistent" });
    expect(response.status).toBe(404);
    expect(await readJson(response)).toEqual({
      error: {
        message: "The model `gpt-nonexistent` does not exist or you do not have access to it.",
        type: "invalid_request_error",
        param: null,
        code: "model_not_found",
      },
    });
  });

  it("answers malformed bodies with OpenAI's 400 shape", async () => {
    const unreadable = await chat("{not json");
    expect(unreadable.status).toBe(400);
    expect((await readJson(unreadable)).error).toMatchObject({ type: "invalid_request_error", param: null });

    const missing = await chat({ model: "sim-cheap" });
    expect(missing.status).toBe(400);
    expect((await readJson(missing)).error).toEqual({
      message: "Missing required parameter: 'messages'.",
      type: "invalid_request_error",
      param: "messages",
      code: "missing_required_parameter",
    });

    const badRole = await readJson(
      await chat({ model: "sim-cheap", messages: [{ role: "robot", content: "hi" }] }),
    );
    expect(badRole.error).toMatchObject({ param: "messages[0].role", code: "invalid_value" });

    const options = await chat({ ...question, stream_options: { include_usage: true } });
    expect(options.status).toBe(400);
    expect((await readJson(options)).error.param).toBe("stream_options");

    const tooMany = await chat({ ...question, max_tokens: 10_000_000 });
    expect(tooMany.status).toBe(400);
    expect((await readJson(tooMany)).error).toMatchObject({ param: "max_tokens", code: "invalid_value" });
  });

  it("lists the simulated models at GET /v1/models", async () => {
    const body = await readJson(await fetch(`${url()}/v1/models`));
    expect(body.object).toBe("list");
    expect(body.data.map((model: Json) => model.id)).toEqual([
      "sim-premium",
      "sim-standard",
      "sim-cheap",
      "sim-local",
    ]);
    expect(body.data[0]).toMatchObject({ object: "model", owned_by: "agentone" });
  });

  it("retrieves one model at GET /v1/models/{model}, and answers an unknown one with OpenAI's 404", async () => {
    const response = await fetch(`${url()}/v1/models/sim-cheap`);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    expect(await readJson(response)).toEqual({
      id: "sim-cheap",
      object: "model",
      created: Date.parse("2026-11-01T00:00:00Z") / 1000,
      owned_by: "agentone",
    });
    const missing = await fetch(`${url()}/v1/models/gpt-nonexistent`);
    expect(missing.status).toBe(404);
    expect(await readJson(missing)).toEqual({
      error: {
        message: "The model 'gpt-nonexistent' does not exist",
        type: "invalid_request_error",
        param: "model",
        code: "model_not_found",
      },
    });
  });
});

describe("sim-server: OpenAI seeds", () => {
  const cheapAct = { ...act, model: "sim-cheap", seed: undefined };

  it("keeps an explicit seed: it is the answer's seed, and the same request answers the same", async () => {
    const first = await chat(act);
    const second = await chat(act);
    expect(first.headers.get("x-agentone-seed")).toBe("4");
    expect(second.headers.get("x-agentone-seed")).toBe("4");
    expect((await readJson(second)).choices).toEqual((await readJson(first)).choices);
  });

  it("derives a new seed for each retry of a request without one, and that seed reproduces it", async () => {
    const seeds = [];
    for (let retry = 0; retry < 5; retry++) seeds.push((await chat(cheapAct)).headers.get("x-agentone-seed"));
    expect(new Set(seeds).size).toBe(5);
    const drawn = await chat({ ...question, seed: undefined });
    const seed = Number(drawn.headers.get("x-agentone-seed"));
    const replayed = await readJson(await chat({ ...question, seed }));
    expect(replayed.choices).toEqual((await readJson(drawn)).choices);
  });

  it("shows retries of one request the designed mistakes at their rate, not on every retry", async () => {
    let malformed = 0;
    const retries = 40;
    for (let retry = 0; retry < retries; retry++) {
      const [call] = (await readJson(await chat(cheapAct))).choices[0].message.tool_calls;
      expect(call.function.name).toBe("list_files");
      try {
        JSON.parse(call.function.arguments);
      } catch {
        malformed++;
      }
    }
    // sim-cheap errs on 12.5% of acting turns; a malformed call is one of the mistakes possible here.
    expect(malformed).toBeGreaterThan(0);
    expect(malformed).toBeLessThan(retries / 2);
  });
});

describe("sim-server: OpenAI n and response_format", () => {
  it("returns n choices, each drawn with its own seed, choice 0 the same as with n: 1", async () => {
    const single = await readJson(await chat({ ...act, model: "sim-premium" }));
    const response = await chat({ ...act, model: "sim-premium", n: 3 });
    expect(response.status).toBe(200);
    const body = await readJson(response);
    expect(body.choices.map((choice: Json) => choice.index)).toEqual([0, 1, 2]);
    expect(body.choices[0]).toEqual(single.choices[0]);
    // Premium's hidden reasoning is drawn per choice: the completions add up, the prompt counts once.
    expect(body.usage.prompt_tokens).toBe(single.usage.prompt_tokens);
    expect(body.usage.completion_tokens).toBeGreaterThan(single.usage.completion_tokens);
    const ids = body.choices.map((choice: Json) => choice.message.tool_calls[0].id);
    expect(new Set(ids).size).toBe(3);
  });

  it("streams n choices told apart by index, each ending with its finish_reason", async () => {
    const whole = await readJson(await chat({ ...question, n: 2 }));
    const all = await chunks(await chat({ ...question, n: 2, stream: true }));
    const events = all.slice(0, -1) as Json[];
    for (const index of [0, 1]) {
      const own = events.filter((chunk) => chunk.choices[0].index === index);
      const text = own.map((chunk) => chunk.choices[0].delta.content ?? "").join("");
      expect(text).toBe(whole.choices[index].message.content);
      expect(own.at(-1).choices[0].finish_reason).toBe("stop");
    }
  });

  it("refuses n outside 1..128 with OpenAI's 400", async () => {
    for (const n of [0, 129, 1.5]) {
      const response = await chat({ ...question, n });
      expect(response.status).toBe(400);
      expect((await readJson(response)).error).toMatchObject({
        type: "invalid_request_error",
        param: "n",
        code: "invalid_value",
      });
    }
  });

  it("answers one JSON object with response_format json_object", async () => {
    const messages = [{ role: "user", content: "What does ci.log say? Reply in JSON." }];
    const plain = await readJson(await chat({ ...question, messages }));
    const body = await readJson(
      await chat({ ...question, messages, response_format: { type: "json_object" } }),
    );
    const content = JSON.parse(body.choices[0].message.content);
    expect(content).toEqual({ answer: plain.choices[0].message.content });
    expect(body.usage.completion_tokens).toBeGreaterThan(plain.usage.completion_tokens);
  });

  it("refuses JSON mode without the word json in the messages, and json_schema, with OpenAI's 400", async () => {
    const withoutWord = await chat({ ...question, response_format: { type: "json_object" } });
    expect(withoutWord.status).toBe(400);
    expect((await readJson(withoutWord)).error).toEqual({
      message:
        "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
      type: "invalid_request_error",
      param: "messages",
      code: null,
    });
    const schema = await chat({
      ...question,
      response_format: { type: "json_schema", json_schema: { name: "answer", schema: {} } },
    });
    expect(schema.status).toBe(400);
    expect((await readJson(schema)).error).toMatchObject({
      param: "response_format.type",
      code: "unsupported_value",
    });
  });
});
