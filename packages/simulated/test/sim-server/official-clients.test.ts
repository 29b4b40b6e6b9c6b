import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { useSimServer } from "./sim-server-harness.js";

const url = useSimServer();
// No retries: a test sees each answer as the server gave it.
const openAi = () => new OpenAI({ baseURL: `${url()}/v1`, apiKey: "not-checked", maxRetries: 0 });
const anthropic = () => new Anthropic({ baseURL: url(), apiKey: "not-checked", maxRetries: 0 });

const messages = [{ role: "user" as const, content: "What does ci.log say? Answer in JSON." }];

describe("sim-server through the official openai client", () => {
  it("lists and retrieves models, and raises NotFoundError for an unknown one", async () => {
    const client = openAi();
    const listed = [];
    for await (const model of client.models.list()) listed.push(model.id);
    expect(listed).toEqual(["sim-premium", "sim-standard", "sim-cheap", "sim-local"]);
    expect(await client.models.retrieve("sim-cheap")).toMatchObject({ id: "sim-cheap", object: "model" });
    const error = await client.models.retrieve("gpt-nonexistent").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error).toMatchObject({ status: 404, code: "model_not_found", param: "model" });
  });

  it("gets n choices and JSON mode", async () => {
    const completion = await openAi().chat.completions.create({
      model: "sim-standard",
      messages,
      n: 2,
      response_format: { type: "json_object" },
    });
    expect(completion.choices.map((choice) => choice.index)).toEqual([0, 1]);
    for (const choice of completion.choices)
      expect(JSON.parse(choice.message.content ?? "")).toHaveProperty("answer");
  });

  it("raises BadRequestError for n: 0", async () => {
    const error = await openAi()
      .chat.completions.create({ model: "sim-standard", messages, n: 0 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, param: "n" });
  });
});

describe("sim-server through the official @anthropic-ai/sdk client", () => {
  it("counts tokens as the message reports them", async () => {
    const client = anthropic();
    const counted = await client.messages.countTokens({ model: "sim-cheap", messages });
    const message = await client.messages.create({ model: "sim-cheap", max_tokens: 1024, messages });
    expect(counted.input_tokens).toBe(message.usage.input_tokens);
  });

  it("retrieves models, and raises NotFoundError with Anthropic's error body", async () => {
    const client = anthropic();
    expect(await client.models.retrieve("sim-premium")).toMatchObject({ type: "model", id: "sim-premium" });
    const error = await client.models.retrieve("claude-nonexistent").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect(error).toMatchObject({
      status: 404,
      error: { type: "error", error: { type: "not_found_error", message: "model: claude-nonexistent" } },
    });
    expect((error as InstanceType<typeof Anthropic.NotFoundError>).requestID).toMatch(/^req_/);
  });

  it("raises NotFoundError for a path the server does not have (message batches)", async () => {
    const error = await anthropic()
      .messages.batches.retrieve("msgbatch_01")
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect(error).toMatchObject({ error: { type: "error", error: { type: "not_found_error" } } });
  });
});
