import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildAnthropicRequest } from "../../src/backends/anthropic/build-anthropic-request.js";
import { markCacheBreakpoints } from "../../src/backends/anthropic/mark-cache-breakpoints.js";
import type { ToolDefinition } from "../../src/backends/model-backend.js";
import { emptyUsage } from "../../src/core/budget-usage.js";
import type { EventOf } from "../../src/core/events/run-event.js";
import type { Message } from "../../src/core/messages.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import { budgetLine, requestMessages } from "../../src/engine/step/prompts.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import { repositoryRoot } from "../support/cli-harness.js";

// Whole simulated runs on a shared machine: generous time, no timing assertions.
describe("the budget line", { timeout: 120_000 }, () => {
  const limits = { usd: 2, steps: 50, toolCalls: 10, wallClockMs: 30 * 60 * 1000 };

  it("names the largest share of money and time still left, and exact counts", () => {
    const spent = { ...emptyUsage(), nanoUsd: 90_000_000, steps: 7, toolCalls: 3 };
    expect(budgetLine(limits, spent, 95_000)).toBe(
      "Budget remaining: at least $1.00 (50%), 7 tool calls, 43 steps, at least 15 min.",
    );
    // A little more spend and time: the same line, so repeated runs send the same requests.
    expect(budgetLine(limits, { ...spent, nanoUsd: 130_000_000 }, 140_000)).toBe(
      budgetLine(limits, spent, 95_000),
    );
  });

  it("narrows as the budget runs out, and is exact below 5%", () => {
    const at = (usd: number) => budgetLine({ usd: 2 }, { ...emptyUsage(), nanoUsd: usd * 1e9 }, 0);
    expect(at(1.2)).toBe("Budget remaining: at least $0.500 (25%).");
    expect(at(1.5)).toBe("Budget remaining: at least $0.500 (25%).");
    expect(at(1.6)).toBe("Budget remaining: at least $0.200 (10%).");
    expect(at(1.9)).toBe("Budget remaining: at least $0.100 (5%).");
    expect(at(1.95)).toBe("Budget remaining: $0.050 (3%).");
    expect(budgetLine({ wallClockMs: 60_000 }, emptyUsage(), 59_000)).toBe("Budget remaining: 1 s.");
    expect(budgetLine({}, emptyUsage(), 0)).toBeNull();
  });

  it("comes last, after the conversation; the system prompt carries no budget", () => {
    const conversation: Message[] = [{ role: "user", content: "Fix the test." }];
    const messages = requestMessages({
      kind: "act",
      plan: "1. read",
      conversation,
      budget: "Budget remaining: 3 steps.",
    });
    expect(messages.map((message) => message.role)).toEqual(["system", "user", "user"]);
    expect(messages[0]?.content).not.toContain("Budget remaining");
    expect(messages.at(-1)).toEqual({ role: "user", content: "Budget remaining: 3 steps." });
    expect(requestMessages({ kind: "act", plan: null, conversation, budget: null })).toHaveLength(2);
  });

  it("leaves each call's request a prefix of the next one's, budget line aside (what prompt caches reuse)", async () => {
    const runtime = await createTestRuntime();
    try {
      const result = await startRun(runtime, {
        goal: "Why does CI fail? Look at ci.log.",
        workspace: join(repositoryRoot, "examples/ci-failure"),
        seed: 1,
      });
      const starts = (await runtime.store.readEvents(result.runId)).filter(
        (event): event is EventOf<"model-call-start"> => event.type === "model-call-start",
      );
      const acts = starts.filter((start) => start.request.messages[0]?.content.includes("Current step: act"));
      expect(acts.length).toBeGreaterThan(2);
      for (const [index, start] of acts.slice(0, -1).entries()) {
        const stable = start.request.messages.slice(0, -1);
        const next = acts[index + 1]?.request.messages ?? [];
        expect(start.request.messages.at(-1)?.content).toMatch(/^Budget remaining: /);
        expect(next.slice(0, stable.length)).toEqual(stable);
      }
    } finally {
      await runtime.store.close();
    }
  });
});

describe("Anthropic prompt caching", () => {
  const tools: ToolDefinition[] = [
    {
      name: "read_file",
      description: "Read a file",
      inputSchema: { type: "object", properties: { path: { type: "string" } } },
    },
    { name: "search", description: "Search the workspace", inputSchema: { type: "object" } },
  ];
  const longSystem = `You are an agent. ${"Be careful and economical. ".repeat(100)}`;
  const conversation: Message[] = [
    { role: "system", content: longSystem },
    { role: "user", content: "Fix the failing test." },
    {
      role: "assistant",
      content: "Reading.",
      toolCalls: [{ id: "toolu_1", name: "read_file", arguments: '{"path":"a.js"}' }],
    },
    { role: "tool", toolCallId: "toolu_1", toolName: "read_file", content: "1: const a = 1;" },
    { role: "user", content: "Budget remaining: 3 steps." },
  ];

  it("marks the tools, the system prompt and the last block before the trailing budget line", () => {
    const { body } = buildAnthropicRequest({
      model: "claude-sonnet-4",
      messages: conversation,
      tools,
      maxOutputTokens: 512,
    });
    expect(body.system).toEqual([{ type: "text", text: longSystem, cache_control: { type: "ephemeral" } }]);
    expect(body.tools?.map((tool) => "cache_control" in tool && tool.cache_control)).toEqual([
      false,
      { type: "ephemeral" },
    ]);
    // The tool result and the budget line share one user turn: the result is marked, the line is not.
    expect(body.messages.at(-1)).toEqual({
      role: "user",
      content: [
        {
          type: "tool_result",
          tool_use_id: "toolu_1",
          content: "1: const a = 1;",
          cache_control: { type: "ephemeral" },
        },
        { type: "text", text: "Budget remaining: 3 steps." },
      ],
    });
    expect(JSON.stringify(body).match(/cache_control/g)).toHaveLength(3);
  });

  it("without a trailing user line, marks the last block; a prefix too short to cache is left as it was", () => {
    const withoutLine = conversation.slice(0, -1);
    const marked = markCacheBreakpoints({
      system: longSystem,
      messages: [
        { role: "user", content: "hi" },
        { role: "assistant", content: "hello" },
      ],
    });
    expect(marked.messages.at(-1)).toEqual({
      role: "assistant",
      content: [{ type: "text", text: "hello", cache_control: { type: "ephemeral" } }],
    });
    const { body } = buildAnthropicRequest({
      model: "m",
      messages: withoutLine,
      tools: [],
      maxOutputTokens: 64,
    });
    expect(JSON.stringify(body.messages.at(-1))).toContain("cache_control");
    const short = buildAnthropicRequest({
      model: "m",
      messages: [
        { role: "system", content: "You are terse." },
        { role: "user", content: "Hi" },
      ],
      tools,
      maxOutputTokens: 64,
    }).body;
    expect(short.system).toBe("You are terse.");
    expect(JSON.stringify(short)).not.toContain("cache_control");
  });
});
