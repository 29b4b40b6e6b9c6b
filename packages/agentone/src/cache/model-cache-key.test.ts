import { describe, expect, it } from "vitest";
import type { Message } from "../core/messages.js";
import {
  isDeterministicEnough,
  type ModelCacheKeyInput,
  type ModelCacheMode,
  modelCacheKey,
} from "./model-cache-key.js";

const readFileTool = {
  name: "read_file",
  description: "Read a file",
  inputSchema: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
};
const searchTool = { name: "search", description: "Search", inputSchema: { type: "object" } };

function request(overrides: Partial<ModelCacheKeyInput> = {}): ModelCacheKeyInput {
  return {
    model: "gpt-4o-mini",
    backend: "openai",
    messages: [
      { role: "system", content: "Be brief." },
      { role: "user", content: "Fix the test." },
      {
        role: "assistant",
        content: "",
        toolCalls: [{ id: "c1", name: "read_file", arguments: '{"path":"a"}' }],
      },
      { role: "tool", toolCallId: "c1", toolName: "read_file", content: "text" },
    ],
    tools: [readFileTool, searchTool],
    temperature: 0,
    seed: 7,
    maxOutputTokens: 512,
    ...overrides,
  };
}

describe("modelCacheKey", () => {
  it("is a SHA-256 that ignores object key order", () => {
    const key = modelCacheKey(request());
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const reordered: ModelCacheKeyInput = {
      maxOutputTokens: 512,
      seed: 7,
      temperature: 0,
      tools: [
        {
          inputSchema: { required: ["path"], properties: { path: { type: "string" } }, type: "object" },
          description: "Read a file",
          name: "read_file",
        },
        searchTool,
      ],
      messages: request().messages.map(
        (message) => Object.fromEntries(Object.entries(message).reverse()) as unknown as Message,
      ),
      backend: "openai",
      model: "gpt-4o-mini",
    };
    expect(modelCacheKey(reordered)).toBe(key);
  });

  it("treats an undefined optional field as absent", () => {
    const { backend: _backend, ...withoutBackend } = request();
    expect(modelCacheKey({ ...withoutBackend, backend: undefined })).toBe(modelCacheKey(withoutBackend));
  });

  it("changes when anything the provider receives changes", () => {
    const base = modelCacheKey(request());
    const [system, user, assistant, tool] = request().messages as [Message, Message, Message, Message];
    const variants: [string, ModelCacheKeyInput][] = [
      ["model", request({ model: "gpt-4o" })],
      ["backend", request({ backend: "openrouter" })],
      ["temperature", request({ temperature: 0.2 })],
      ["temperature unset", request({ temperature: undefined })],
      ["seed", request({ seed: 8 })],
      ["seed unset", request({ seed: undefined })],
      ["max output tokens", request({ maxOutputTokens: 513 })],
      ["tool order", request({ tools: [searchTool, readFileTool] })],
      ["tool description", request({ tools: [{ ...readFileTool, description: "Read" }, searchTool] })],
      ["tool schema", request({ tools: [{ ...readFileTool, inputSchema: { type: "object" } }, searchTool] })],
      ["no tools", request({ tools: [] })],
      ["trailing whitespace", request({ messages: [system, { role: "user", content: "Fix the test. " }] })],
      ["message order", request({ messages: [user, system, assistant, tool] })],
      [
        "role",
        request({ messages: [system, { role: "assistant", content: "Fix the test." }, assistant, tool] }),
      ],
      [
        "tool-call argument text",
        request({
          messages: [
            system,
            user,
            {
              role: "assistant",
              content: "",
              toolCalls: [{ id: "c1", name: "read_file", arguments: '{"path": "a"}' }],
            },
            tool,
          ],
        }),
      ],
      [
        "empty tool-call list",
        request({ messages: [system, user, { role: "assistant", content: "", toolCalls: [] }, tool] }),
      ],
    ];
    const keys = new Set([base]);
    for (const [what, variant] of variants) {
      const key = modelCacheKey(variant);
      expect(keys.has(key), what).toBe(false);
      keys.add(key);
    }
  });

  it("refuses tool schemas that are not plain JSON", () => {
    expect(() => modelCacheKey(request({ tools: [{ ...readFileTool, inputSchema: new Map() }] }))).toThrow(
      expect.objectContaining({ code: "USAGE_ERROR" }),
    );
  });
});

describe("isDeterministicEnough", () => {
  it("allows caching by mode, temperature and seed", () => {
    const cases: [ModelCacheMode, number | undefined, number | undefined, boolean][] = [
      ["deterministic-only", 0, undefined, true],
      ["deterministic-only", 0.7, 42, true],
      ["deterministic-only", 0.7, undefined, false],
      ["deterministic-only", undefined, undefined, false],
      ["always", 1, undefined, true],
      ["off", 0, 42, false],
    ];
    for (const [mode, temperature, seed, expected] of cases) {
      expect(isDeterministicEnough({ mode, temperature, seed }), `${mode} ${temperature} ${seed}`).toBe(
        expected,
      );
    }
  });

  it("refuses an unknown mode naming the setting", () => {
    expect(() => isDeterministicEnough({ mode: "sometimes" as ModelCacheMode, temperature: 0 })).toThrow(
      expect.objectContaining({ code: "CONFIG_ERROR", details: { key: "mode" } }),
    );
  });
});
