import type { Message } from "agentone";
import { createRandom, loadTokenCounter, type TokenCounter, VirtualClock } from "agentone";
import { beforeAll, describe, expect, it } from "vitest";
import { chooseAction } from "./brain/choose-action.js";
import { viewConversation } from "./brain/conversation-view.js";
import { SimulatedBackend } from "./simulated-backend.js";
import { tierBehaviour } from "./tier-behaviour.js";

let counter: TokenCounter;
beforeAll(async () => {
  counter = await loadTokenCounter();
});

const tools = ["list_files", "read_file", "search"].map((name) => ({
  name,
  description: name,
  inputSchema: { type: "object" },
}));
const system = (kind: string, budget = "") => ({
  role: "system" as const,
  content: `You are an agent.\nCurrent step: ${kind}. Do it.\n${budget}`,
});
const goal: Message = { role: "user", content: "Triage the CI failure recorded in ci.log." };

const ciLog = [
  "File: ci.log (lines 1-6 of 6)",
  "1: Merge pull request #61 from feature/totals",
  "2: not ok 3 - tax is charged on the discounted subtotal",
  "3:   +   tax: 290,",
  "4:   -   tax: 261,",
  "5:     at TestContext.<anonymous> (file:///home/runner/work/cart/cart/test/cart-test.js:20:10)",
  "6: # fail 1",
].join("\n");

function afterReading(): Message[] {
  return [
    system("act"),
    goal,
    {
      role: "assistant",
      content: "",
      toolCalls: [{ id: "c1", name: "list_files", arguments: '{"path":"."}' }],
    },
    {
      role: "tool",
      toolCallId: "c1",
      toolName: "list_files",
      content: "README.md\nci.log\nsrc/\nsrc/cart.js\ntest/\ntest/cart-test.js",
    },
    {
      role: "assistant",
      content: "",
      toolCalls: [{ id: "c2", name: "read_file", arguments: '{"path":"ci.log"}' }],
    },
    { role: "tool", toolCallId: "c2", toolName: "read_file", content: ciLog },
  ];
}

describe("SimulatedBackend", () => {
  const request = (
    messages: Message[],
    extra: Partial<{ seed: number; maxOutputTokens: number; model: string }> = {},
  ) => ({
    model: extra.model ?? "sim-standard",
    messages,
    tools,
    maxOutputTokens: extra.maxOutputTokens ?? 2048,
    seed: extra.seed ?? 1,
  });

  it("is deterministic for the same request and seed", async () => {
    const backend = new SimulatedBackend({ clock: new VirtualClock(), tokenCounter: counter });
    const first = await backend.generate(request(afterReading()));
    const second = await backend.generate(request(afterReading()));
    expect(second).toEqual(first);
  });

  it("streams exactly the answer generate gives, as deltas then finish, on the same clock time", async () => {
    const generating = new VirtualClock();
    const streaming = new VirtualClock();
    const generated = await new SimulatedBackend({ clock: generating, tokenCounter: counter }).generate(
      request(afterReading()),
    );
    const parts = [];
    for await (const part of new SimulatedBackend({ clock: streaming, tokenCounter: counter }).stream(
      request(afterReading()),
    ))
      parts.push(part);
    expect(parts.at(-1)).toEqual({ type: "finish", response: generated });
    expect(parts.length).toBeGreaterThan(1);
    expect(streaming.now()).toBe(generating.now());
  });

  it("starts by listing the workspace, then reads what the log points at", async () => {
    const backend = new SimulatedBackend({ clock: new VirtualClock(), tokenCounter: counter });
    const listing = await backend.generate({
      ...request([system("act"), goal], { model: "sim-premium", seed: 2 }),
    });
    expect(listing.toolCalls.map((call) => call.name)).toEqual(["list_files"]);
    const view = viewConversation(afterReading(), ["list_files", "read_file", "search"]);
    const next = chooseAction(view, {
      behaviour: { ...tierBehaviour.premium, mistakeRate: 0 },
      random: createRandom(1),
    });
    // The log names the test file, not the source; the source is found through the test's imports later.
    expect(next).toMatchObject({
      type: "calls",
      calls: [{ name: "read_file", arguments: { path: "test/cart-test.js" } }],
    });
  });

  it("answers a triage with the failing test and the log's location, labelled as simulated", async () => {
    const backend = new SimulatedBackend({ clock: new VirtualClock(), tokenCounter: counter });
    const answer = await backend.generate({ ...request(afterReading()), tools: [] });
    expect(answer.toolCalls).toEqual([]);
    expect(answer.text).toMatch(/^\[simulated: written by AgentOne's simulated model sim-standard/);
    expect(answer.text).toContain('Failing test: "tax is charged on the discounted subtotal"');
    expect(answer.text).toContain("test/cart-test.js:20");
    expect(answer.text).toContain("regression");
  });

  it("writes a plan on a plan step and a summary on a summarize step", async () => {
    const backend = new SimulatedBackend({ clock: new VirtualClock(), tokenCounter: counter });
    const plan = await backend.generate({ ...request([system("plan"), goal]), tools: [] });
    expect(plan.text).toMatch(/Plan:\n1\. /);
    const summary = await backend.generate({
      ...request([
        {
          role: "system",
          content: "Current step: summarize.\nReason for stopping: budget exhausted:toolCalls.",
        },
        ...afterReading().slice(1),
      ]),
      tools: [],
    });
    expect(summary.text).toContain("Stopped: budget exhausted:toolCalls");
    expect(summary.text).toContain("read ci.log");
  });

  it("takes the calibrated time: first token plus output at the model's speed", async () => {
    const clock = new VirtualClock({ start: 0 });
    const backend = new SimulatedBackend({ clock, tokenCounter: counter });
    const response = await backend.generate({
      ...request(afterReading(), { model: "sim-premium" }),
      tools: [],
    });
    // Premium: TTFT ~2.67 s and 45 tok/s, with lognormal spread.
    const expected = 2670 + (response.usage.outputTokens / 45) * 1000;
    expect(clock.now()).toBeGreaterThan(expected * 0.3);
    expect(clock.now()).toBeLessThan(expected * 3);
  });

  it("cuts output at maxOutputTokens, leaving a malformed tool call", async () => {
    const backend = new SimulatedBackend({ clock: new VirtualClock(), tokenCounter: counter });
    const response = await backend.generate(
      request([system("act"), goal], { maxOutputTokens: 3, model: "sim-cheap" }),
    );
    expect(response.finishReason).toBe("length");
    expect(response.usage.outputTokens).toBe(3);
    for (const call of response.toolCalls) expect(() => JSON.parse(call.arguments)).toThrow();
  });

  it("wraps up early when the budget line says little is left", () => {
    const messages = [
      system("act", "Budget remaining: $0.010 (10%), 5 tool calls."),
      ...afterReading().slice(1),
    ];
    const action = chooseAction(viewConversation(messages, ["list_files", "read_file", "search"]), {
      behaviour: { ...tierBehaviour.standard, mistakeRate: 0 },
      random: createRandom(1),
    });
    expect(action).toEqual({ type: "answer", premature: false });
  });

  it("makes mistakes at its tier's rate", () => {
    const view = viewConversation(afterReading(), ["list_files", "read_file", "search"]);
    const rate = (tier: "premium" | "cheap" | "local") => {
      const reference = JSON.stringify(
        chooseAction(view, {
          behaviour: { ...tierBehaviour[tier], mistakeRate: 0 },
          random: createRandom(0),
        }),
      );
      let deviations = 0;
      for (let seed = 0; seed < 2000; seed++) {
        if (
          JSON.stringify(
            chooseAction(view, { behaviour: tierBehaviour[tier], random: createRandom(seed) }),
          ) !== reference
        )
          deviations++;
      }
      return deviations / 2000;
    };
    // A mistake is drawn with the tier's probability (6.5%, 12.5%, 17.3% per turn: tier-behaviour.ts); a
    // few kinds can coincide with the intended action.
    expect(rate("premium")).toBeGreaterThan(0.04);
    expect(rate("premium")).toBeLessThan(0.08);
    expect(rate("cheap")).toBeGreaterThan(0.09);
    expect(rate("cheap")).toBeLessThan(0.15);
    expect(rate("local")).toBeGreaterThan(rate("cheap"));
  });

  it("reports reasoning tokens only for the tier priced as a reasoning model", async () => {
    const backend = new SimulatedBackend({ clock: new VirtualClock(), tokenCounter: counter });
    const reasoning = async (model: string) => {
      const counts = [];
      for (const seed of [1, 2, 3, 4, 5])
        counts.push((await backend.generate(request(afterReading(), { model, seed }))).usage.reasoningTokens);
      return counts;
    };
    // Priced as GPT-4.1, GPT-4o mini and Llama 3.1 8B, none of which reasons before answering.
    for (const model of ["sim-standard", "sim-cheap", "sim-local"])
      expect(await reasoning(model)).toEqual([0, 0, 0, 0, 0]);
    // Priced as Claude Opus 4.1, which thinks first: its thinking is billed as output.
    expect((await reasoning("sim-premium")).every((count) => count > 0)).toBe(true);
  });

  it("reports an abort as a ModelCallError", async () => {
    const backend = new SimulatedBackend({ clock: new VirtualClock(), tokenCounter: counter });
    await expect(
      backend.generate({ ...request(afterReading()), signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ code: "MODEL_CALL_ERROR", failure: "aborted" });
    await expect(backend.generate(request(afterReading(), { model: "gpt-9" }))).rejects.toMatchObject({
      failure: "not_found",
    });
  });
});
