import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { ModelRequest } from "../../src/backends/model-backend.js";
import { VirtualClock } from "../../src/core/clock/index.js";
import { KillSwitchTriggeredError } from "../../src/core/errors/index.js";
import type { EventOf, RunEvent } from "../../src/core/events/run-event.js";
import { foldRunState } from "../../src/core/run-state/fold-run-state.js";
import { MemoryKillSwitch } from "../../src/engine/kill-switch/kill-switch.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import { replayRun } from "../../src/engine/replay/replay-run.js";
import { buildReport } from "../../src/report/build-report.js";
import { ScriptedBackend, type ScriptedStep } from "../../src/testing/scripted-backend.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import type { AnyTool } from "../../src/tools/tool.js";
import { tempWorkspace } from "../support/temp-workspace.js";

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

const report = "# Quarterly report\n\nRevenue grew 12% to $4.1M in Q3. Churn fell to 2.3%.\n";

/** A nested summary request: instructions only, no tools, the document as the one user message. */
const isSummaryRequest = (request: ModelRequest) =>
  request.tools.length === 0 && request.messages[0]?.role === "system" && request.messages.length === 2;

const summarizeCall: ScriptedStep = {
  toolCalls: [{ name: "summarize_document", arguments: { path: "report.md" }, id: "sum_1" }],
};

async function setUp(steps: ScriptedStep[], files: Record<string, string> = { "report.md": report }) {
  const workspace = await tempWorkspace(files);
  cleanups.push(workspace.cleanup);
  const clock = new VirtualClock();
  const backend = new ScriptedBackend({ steps, clock });
  const killSwitch = new MemoryKillSwitch();
  const runtime = await createTestRuntime({ backend, clock, killSwitch });
  cleanups.push(() => runtime.store.close());
  return { runtime, backend, killSwitch, workspace: workspace.root };
}

const ofType = <Type extends RunEvent["type"]>(events: readonly RunEvent[], type: Type) =>
  events.filter((event): event is EventOf<Type> => event.type === type);

describe("nested model calls from tools (summarize_document)", () => {
  it("are charged to the run, recorded as nested, and kept out of the conversation", async () => {
    const { runtime, backend, workspace } = await setUp([
      { text: "1. summarize the report" },
      summarizeCall,
      (request) => {
        expect(isSummaryRequest(request)).toBe(true);
        expect(request.messages[1]?.content).toContain("Revenue grew 12%");
        return {
          text: "Revenue up 12% to $4.1M; churn 2.3%.",
          usage: { inputTokens: 300, outputTokens: 20 },
        };
      },
      (request) => {
        // The step after the tool sees the tool's result, not the nested call's request or answer.
        const contents = request.messages.map((message) => message.content).join("\n");
        expect(contents).toContain("Summary of report.md (1 part");
        expect(contents).toContain("Revenue up 12% to $4.1M; churn 2.3%.");
        const nestedAnswer = (message: (typeof request.messages)[number]) =>
          message.role !== "tool" && message.content.includes("Revenue up 12%");
        expect(request.messages.some(nestedAnswer)).toBe(false);
        expect(request.messages.filter((message) => message.role === "system")).toHaveLength(1);
        return { text: "Revenue grew 12%." };
      },
    ]);
    const result = await startRun(runtime, { goal: "Summarize report.md", workspace });
    expect(result.status).toBe("completed");
    backend.assertConsumed();
    const events = await runtime.store.readEvents(result.runId);
    const nestedStarts = ofType(events, "model-call-start").filter((event) => event.nested);
    expect(nestedStarts).toHaveLength(1);
    expect(nestedStarts[0]?.nested).toEqual({
      tool: "summarize_document",
      toolCallId: "sum_1",
      purpose: "summarize_document",
      index: 0,
      maxOutputTokens: 1200,
    });
    const nestedEnd = ofType(events, "model-call-end").find((event) => event.nested);
    expect(nestedEnd?.step).toBe(nestedStarts[0]?.step);
    const state = foldRunState(events);
    // Every call counts, the nested one included, and its cost is part of the run's.
    expect(state.usage.modelCalls).toBe(4);
    const costs = ofType(events, "model-call-end").reduce((sum, event) => sum + event.costNanoUsd, 0);
    expect(state.usage.nanoUsd).toBe(costs);
    expect(nestedEnd?.costNanoUsd).toBeGreaterThan(0);
    expect(state.messages.some((message) => message.content.startsWith("Revenue up 12%"))).toBe(false);
    const runReport = buildReport(events);
    const nestedKind = runReport.costByStepKind.find((entry) => entry.kind === "nested:summarize_document");
    expect(nestedKind).toMatchObject({ modelCalls: 1, steps: 0 });
    expect(runReport.toolCalls.byTool).toEqual([{ tool: "summarize_document", calls: 1, errors: 0 }]);
  });

  it("summarize a long document part by part, then combine, each call budgeted", async () => {
    const long = Array.from(
      { length: 900 },
      (_, index) => `Paragraph ${index}: the quick brown fox jumps over the lazy dog ${index} times.`,
    ).join("\n");
    const summaries: string[] = [];
    const nestedReply: ScriptedStep = (request) => {
      expect(isSummaryRequest(request)).toBe(true);
      summaries.push(request.messages[0]?.content ?? "");
      return { text: `summary ${summaries.length}` };
    };
    const { runtime, workspace } = await setUp(
      [{ text: "plan" }, summarizeCall, nestedReply, nestedReply, nestedReply, nestedReply, { text: "done" }],
      { "report.md": long },
    );
    const result = await startRun(runtime, { goal: "Summarize report.md", workspace });
    expect(result.status).toBe("completed");
    const events = await runtime.store.readEvents(result.runId);
    const nested = ofType(events, "model-call-end").flatMap((event) => (event.nested ? [event.nested] : []));
    expect(nested.map((call) => call.index)).toEqual([0, 1, 2, 3]);
    expect(summaries.slice(0, 3).every((text) => /^This is part \d of 3/.test(text))).toBe(true);
    expect(summaries[3]).toMatch(/^The input holds summaries of the 3 consecutive parts/);
    // Each nested call reserved before it was sent and settled after, like the step's own calls.
    const nestedCallSteps = new Set(
      ofType(events, "model-call-start")
        .filter((event) => event.nested)
        .map((event) => event.step),
    );
    const reserves = ofType(events, "budget-reserve").filter(
      (event) => event.purpose === "model-call" && nestedCallSteps.has(event.step),
    );
    expect(reserves).toHaveLength(5);
    const toolResult = ofType(events, "tool-result")[0];
    expect(toolResult?.output).toContain("Summary of report.md (3 parts");
    expect(toolResult?.metadata).toMatchObject({ parts: 3, modelCalls: 4 });
  });

  it("get what is left of the run's model calls, never a fresh budget: beyond it the model reads an error", async () => {
    const { runtime, backend, workspace } = await setUp([{ text: "plan" }, summarizeCall]);
    // Two calls in all, the plan and the act turn: none is left for the tool's nested call.
    const result = await startRun(runtime, {
      goal: "Summarize report.md",
      workspace,
      limits: { modelCalls: 2 },
      onExhaust: ["best-effort"],
    });
    const events = await runtime.store.readEvents(result.runId);
    expect(backend.calls.some(isSummaryRequest)).toBe(false);
    const toolResult = ofType(events, "tool-result")[0];
    expect(toolResult).toMatchObject({ isError: true, errorReason: "budget_exhausted" });
    expect(toolResult?.output).toMatch(/summarize_document stopped: .*modelCalls/);
    expect(foldRunState(events).usage.modelCalls).toBe(2);
    expect(result.terminationReason).toBe("budget_exhausted:modelCalls");
  });

  it("end with the run when it is killed during a nested call", async () => {
    let runId = "";
    const { runtime, killSwitch, workspace } = await setUp([
      { text: "plan" },
      summarizeCall,
      (request) =>
        new Promise((_, reject) => {
          request.signal?.addEventListener("abort", () => reject(request.signal?.reason), { once: true });
          void killSwitch.trigger({ runId });
        }),
    ]);
    const watching = {
      ...runtime,
      onEvent: (event: RunEvent) => {
        runId = event.runId;
        runtime.onEvent(event);
      },
    };
    const result = await startRun(watching, { goal: "Summarize report.md", workspace });
    expect(result.terminationReason).toBe("killed:run");
    const events = await runtime.store.readEvents(result.runId);
    expect(ofType(events, "run-kill")).toHaveLength(1);
    // The tool call that was cut short is answered, and no step starts after the kill.
    expect(ofType(events, "tool-result")[0]).toMatchObject({ isError: true, errorReason: "timeout" });
    expect(ofType(events, "step-start")).toHaveLength(2);
  });

  it("replay asks the nested calls again and serves them from the recording", async () => {
    const { runtime, backend, workspace } = await setUp([
      { text: "plan" },
      summarizeCall,
      { text: "Revenue up 12%.", latencyMs: 900 },
      { text: "Revenue grew 12%." },
    ]);
    const result = await startRun(runtime, { goal: "Summarize report.md", workspace });
    const events = await runtime.store.readEvents(result.runId);
    const callsBefore = backend.calls.length;
    const replay = await replayRun({ events, base: runtime });
    expect(replay.divergence).toBeNull();
    expect(replay.events).toHaveLength(events.length);
    expect(replay.served).toEqual({ modelCalls: 4, toolCalls: 1 });
    expect(backend.calls.length).toBe(callsBefore);
    const replayed = ofType(replay.events, "model-call-end").filter((event) => event.nested);
    expect(replayed.map((event) => event.text)).toEqual(["Revenue up 12%."]);
  });
});

describe("nested calls, edge cases", () => {
  it("two summaries in one turn run one after the other, and the run replays exactly", async () => {
    const { runtime, workspace } = await setUp(
      [
        { text: "plan" },
        {
          toolCalls: [
            { name: "summarize_document", arguments: { path: "a.md" }, id: "sum_a" },
            { name: "summarize_document", arguments: { path: "b.md" }, id: "sum_b" },
          ],
        },
        { text: "summary of a", latencyMs: 500 },
        { text: "summary of b", latencyMs: 100 },
        { text: "done" },
      ],
      {
        "a.md": report,
        "b.md": `${report}
More.
`,
      },
    );
    const result = await startRun(runtime, { goal: "Summarize a.md and b.md", workspace });
    const events = await runtime.store.readEvents(result.runId);
    const nestedOrder = ofType(events, "model-call-start").flatMap((event) =>
      event.nested ? [event.nested.toolCallId] : [],
    );
    expect(nestedOrder).toEqual(["sum_a", "sum_b"]);
    const replay = await replayRun({ events, base: runtime });
    expect(replay.divergence).toBeNull();
  });

  it("a step's own limit is named as such when it leaves no room for a nested call", async () => {
    // One part of about 4,500 tokens: more than the step's 3,500 tokens, though the run has no limit.
    const large = Array.from(
      { length: 400 },
      (_, index) => `Line ${index}: revenue grew in region ${index}.`,
    );
    const { runtime, workspace } = await setUp([{ text: "plan" }, summarizeCall, { text: "done" }], {
      "report.md": large.join("\n"),
    });
    const result = await startRun(runtime, {
      goal: "Summarize report.md",
      workspace,
      limits: { step: { tokens: 3500 } },
    });
    const events = await runtime.store.readEvents(result.runId);
    const toolResult = ofType(events, "tool-result")[0];
    expect(toolResult).toMatchObject({ isError: true, errorReason: "budget_exhausted" });
    expect(toolResult?.output).toMatch(/step budget for tokens/);
  });

  it("a tool that calls after the run was killed reserves and sends nothing", async () => {
    const { runtime, killSwitch, workspace } = await setUp([
      { text: "plan" },
      { toolCalls: [{ name: "stubborn", arguments: {}, id: "s_1" }] },
    ]);
    let refused: unknown = null;
    const stubborn: AnyTool = {
      name: "stubborn",
      description: "ignores its signal",
      inputSchema: z.object({}),
      idempotent: true,
      sideEffect: "none",
      requiresApproval: false,
      makesModelCalls: true,
      async execute(_input, context) {
        await killSwitch.trigger({ global: true });
        try {
          await context.completeText?.({
            purpose: "test",
            instructions: "x",
            input: "y",
            maxOutputTokens: 10,
          });
        } catch (error) {
          refused = error;
        }
        return { content: "done" };
      },
    };
    const withTool = { ...runtime, tools: [...runtime.tools, stubborn] };
    const result = await startRun(withTool, { goal: "g", workspace });
    expect(result.terminationReason).toBe("killed:global");
    expect(refused).toBeInstanceOf(KillSwitchTriggeredError);
    const events = await runtime.store.readEvents(result.runId);
    expect(ofType(events, "model-call-start").some((event) => event.nested)).toBe(false);
    expect(ofType(events, "budget-reserve").filter((event) => event.purpose === "model-call")).toHaveLength(
      2,
    );
    await killSwitch.rearm();
  });

  it("a run recorded before summarize_document existed replays with the tools it had", async () => {
    const { runtime, workspace } = await setUp([{ text: "plan" }, { text: "done" }, { text: "unused" }]);
    const older = { ...runtime, tools: runtime.tools.filter((tool) => tool.name !== "summarize_document") };
    const result = await startRun(older, { goal: "Say hello", workspace, quality: "fast" });
    const events = await runtime.store.readEvents(result.runId);
    const offered = ofType(events, "model-call-start").flatMap((event) => event.request.tools);
    expect(offered).not.toContain("summarize_document");
    const replay = await replayRun({ events, base: runtime });
    expect(replay.divergence).toBeNull();
  });
});

describe("summarize_document on the simulated models", () => {
  it("summarizes through nested calls on the cheap tier, and the run replays exactly", async () => {
    const long = Array.from(
      { length: 400 },
      (_, index) => `Section ${index}. The Atlas project spent $${index * 1000} in week ${index}.`,
    ).join("\n");
    const workspace = await tempWorkspace({ "report.md": `# Atlas\n\n${long}\n` });
    cleanups.push(workspace.cleanup);
    const runtime = await createTestRuntime();
    cleanups.push(() => runtime.store.close());
    const result = await startRun(runtime, {
      goal: "Summarize report.md",
      workspace: workspace.root,
      seed: 3,
    });
    expect(result.status).toBe("completed");
    expect(result.answer).toContain("Summary of report.md:");
    expect(result.answer).toContain("The Atlas project spent $");
    const events = await runtime.store.readEvents(result.runId);
    const nested = ofType(events, "model-call-end").filter((event) => event.nested);
    expect(nested.length).toBeGreaterThanOrEqual(3);
    expect(new Set(nested.map((event) => event.model))).toEqual(new Set(["sim-cheap"]));
    const replay = await replayRun({ events, base: runtime });
    expect(replay.divergence).toBeNull();
  });
});
