import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/core/clock/index.js";
import { foldRunState } from "../../src/core/run-state/fold-run-state.js";
import { resumeRun } from "../../src/engine/lifecycle/resume-run.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import { buildReport } from "../../src/report/build-report.js";
import { ScriptedBackend } from "../../src/testing/scripted-backend.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import { tempWorkspace } from "../support/temp-workspace.js";

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
});

async function setup(steps: ConstructorParameters<typeof ScriptedBackend>[0]["steps"]) {
  const workspace = await tempWorkspace({
    "notes.txt": "alpha\nbeta\n",
    "src/app.js": "export const answer = 41;\n",
  });
  cleanups.push(workspace.cleanup);
  const clock = new VirtualClock();
  const backend = new ScriptedBackend({ steps, clock });
  const runtime = await createTestRuntime({ backend, clock });
  cleanups.push(() => runtime.store.close());
  return { runtime, backend, workspace: workspace.root };
}

// The first test pays the file's cold start (tokenizer, store template) on a shared machine: generous time.
describe("agent loop on the scripted backend", { timeout: 120_000 }, () => {
  it("plans, acts with tools, observes and answers", async () => {
    const { runtime, backend, workspace } = await setup([
      { text: "1. read notes.txt\n2. answer" },
      {
        toolCalls: [
          { name: "read_file", arguments: { path: "notes.txt" } },
          { name: "list_files", arguments: {} },
        ],
      },
      { text: "notes.txt holds alpha and beta" },
    ]);
    const result = await startRun(runtime, { goal: "What is in notes.txt?", workspace });
    backend.assertConsumed();
    expect(result).toMatchObject({
      status: "completed",
      outcome: "complete",
      terminationReason: "answered",
      answer: "notes.txt holds alpha and beta",
    });
    // The model saw both tool results, in call order, before answering.
    const last = backend.lastCall?.messages ?? [];
    const toolMessages = last.filter((message) => message.role === "tool");
    expect(toolMessages.map((message) => message.role === "tool" && message.toolName)).toEqual([
      "read_file",
      "list_files",
    ]);
    expect(toolMessages[0]?.content).toContain("1: alpha");
    // Planning went to the premium tier, acting to the standard tier.
    expect(backend.calls.map((call) => call.model)).toEqual([
      "scripted-premium",
      "scripted-standard",
      "scripted-standard",
    ]);
    expect(backend.calls[0]?.tools).toEqual([]);
    expect(backend.calls[1]?.tools.map((tool) => tool.name)).toContain("read_file");
    const report = buildReport(await runtime.store.readEvents(result.runId));
    expect(report.usage).toMatchObject({ steps: 3, modelCalls: 3, toolCalls: 2 });
    expect(report.toolCalls.byTool).toEqual([
      { tool: "list_files", calls: 1, errors: 0 },
      { tool: "read_file", calls: 1, errors: 0 },
    ]);
    expect(report.decisions.map((decision) => decision.reason)).toEqual([
      "plan_preferred_premium",
      "act_preferred_standard",
      "act_preferred_standard",
    ]);
  });

  it("carries the remaining budget as the request's last message, unless turned off", async () => {
    const on = await setup([{ text: "plan" }, { text: "done" }]);
    await startRun(on.runtime, {
      goal: "g",
      workspace: on.workspace,
      limits: { usd: 0.5, toolCalls: 4, steps: 10 },
    });
    const messages = on.backend.calls[1]?.messages ?? [];
    // At the end, so the system prompt and the conversation stay a stable, cacheable prefix.
    expect(messages.at(-1)?.content).toMatch(
      /^Budget remaining: at least \$0\.250 \(50%\), 4 tool calls, \d+ steps\.$/,
    );
    expect(messages[0]?.content).not.toContain("Budget remaining");
    const off = await setup([{ text: "plan" }, { text: "done" }]);
    await startRun(off.runtime, { goal: "g", workspace: off.workspace, budgetPrompt: false });
    expect(JSON.stringify(off.backend.calls[1]?.messages)).not.toContain("Budget remaining");
  });

  it("turns hostile or malformed tool arguments into observations and goes on", async () => {
    const { runtime, backend, workspace } = await setup([
      { text: "plan" },
      {
        toolCalls: [
          { name: "read_file", arguments: '{"path": "notes.txt"' },
          { name: "read_file", arguments: { path: "../../etc/passwd" } },
          { name: "read_file", arguments: { path: 42 } },
          { name: "no_such_tool", arguments: {} },
        ],
      },
      { text: "could not read" },
    ]);
    const result = await startRun(runtime, { goal: "g", workspace });
    expect(result.status).toBe("completed");
    const results = (backend.lastCall?.messages ?? []).filter((message) => message.role === "tool");
    expect(results.map((message) => message.role === "tool" && message.isError)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(results[0]?.content).toMatch(/not valid JSON/);
    expect(results[1]?.content).toMatch(/outside|relative/i);
    expect(results[2]?.content).toMatch(/invalid arguments for read_file: path/);
    expect(results[3]?.content).toMatch(/no tool named 'no_such_tool'/);
  });

  it("records writes as artifacts with a diff", async () => {
    const { runtime, workspace } = await setup([
      { text: "plan" },
      {
        toolCalls: [
          { name: "write_file", arguments: { path: "src/app.js", content: "export const answer = 42;\n" } },
        ],
      },
      { text: "fixed" },
    ]);
    const result = await startRun(runtime, { goal: "fix answer", workspace });
    expect(await readFile(join(workspace, "src/app.js"), "utf8")).toContain("42");
    const report = buildReport(await runtime.store.readEvents(result.runId));
    expect(report.artifacts.changedFiles).toEqual(["src/app.js"]);
    expect(report.artifacts.diff).toContain("-export const answer = 41;");
    expect(report.artifacts.diff).toContain("+export const answer = 42;");
  });

  it("retries a retryable failure with backoff, counting the retry", async () => {
    const { ModelCallError } = await import("../../src/core/errors/index.js");
    const { runtime, workspace } = await setup([
      { text: "plan" },
      { error: new ModelCallError("rate_limit", "429 slow down", { status: 429, retryAfterMs: 2000 }) },
      { text: "done" },
    ]);
    const result = await startRun(runtime, { goal: "g", workspace });
    expect(result.status).toBe("completed");
    const report = buildReport(await runtime.store.readEvents(result.runId));
    expect(report.usage.retries).toBe(1);
    expect(report.retries.paths).toEqual([
      {
        step: 2,
        attempt: 1,
        model: "scripted-standard",
        error: "rate_limit",
        waitMs: 2000,
        fallbackTo: null,
        reason: null,
      },
    ]);
  });

  it("stops on a non-retryable failure under the termination policy", async () => {
    const { ModelCallError } = await import("../../src/core/errors/index.js");
    const { runtime, workspace } = await setup([
      { text: "plan" },
      { error: new ModelCallError("authentication", "401 bad key", { status: 401 }) },
    ]);
    const result = await startRun(runtime, { goal: "g", workspace, onExhaust: ["hard-stop"] });
    expect(result).toMatchObject({
      status: "failed",
      outcome: "partial",
      terminationReason: "model_error:authentication",
    });
  });
});

describe("limits that shape the run", () => {
  it("on its last allowed step the model must answer without tools, and the reason says so", async () => {
    const { runtime, backend, workspace } = await setup([
      { text: "plan" },
      { toolCalls: [{ name: "list_files", arguments: {} }] },
      { text: "answer from what I saw" },
    ]);
    const result = await startRun(runtime, {
      goal: "g",
      workspace,
      limits: { steps: 3 },
      onExhaust: ["best-effort"],
    });
    expect(result).toMatchObject({
      status: "completed",
      outcome: "partial",
      terminationReason: "answered_at_step_limit",
    });
    expect(backend.lastCall?.tools).toEqual([]);
    expect(backend.lastCall?.messages[0]?.content).toContain("Current step: final");
  });

  it("a token budget too small for any call is reported as a token breach, not a dollar one", async () => {
    const { runtime, backend, workspace } = await setup([]);
    const result = await startRun(runtime, {
      goal: "g",
      workspace,
      limits: { tokens: 100, usd: 5 },
      onExhaust: ["hard-stop"],
    });
    expect(result).toMatchObject({ status: "failed", terminationReason: "budget_exhausted:tokens" });
    expect(backend.calls).toHaveLength(0);
    const events = await runtime.store.readEvents(result.runId);
    expect(events.find((event) => event.type === "budget-exceeded")).toMatchObject({
      dimension: "tokens",
      limit: 100,
    });
  });
});

describe("termination policies on a budget breach", () => {
  // A tool-call budget of 1, and one model turn asking for two calls: the second is refused and answered
  // with an observation, and the breach hands over to the termination policy.
  const looping = () => [
    { text: "1. read notes" },
    {
      toolCalls: [
        { name: "read_file", arguments: { path: "notes.txt" } },
        { name: "read_file", arguments: { path: "src/app.js" } },
      ],
    },
  ];

  it("summarize: one last call on the cheapest model, marked partial", async () => {
    const { runtime, backend, workspace } = await setup([
      ...looping(),
      { text: "Summary: read notes.txt; src/app.js not read." },
    ]);
    const result = await startRun(runtime, {
      goal: "g",
      workspace,
      limits: { usd: 1, toolCalls: 1 },
      onExhaust: ["summarize"],
    });
    backend.assertConsumed();
    expect(result).toMatchObject({
      status: "completed",
      outcome: "partial",
      terminationReason: "budget_exhausted:toolCalls",
      answer: "Summary: read notes.txt; src/app.js not read.",
    });
    expect(backend.lastCall?.model).toBe("scripted-cheap");
    expect(backend.lastCall?.tools).toEqual([]);
    expect(backend.lastCall?.messages[0]?.content).toContain("Current step: summarize");
  });

  it("best-effort: no more calls; the last answer and the work so far", async () => {
    const { runtime, backend, workspace } = await setup(looping());
    const result = await startRun(runtime, {
      goal: "g",
      workspace,
      limits: { toolCalls: 1 },
      onExhaust: ["best-effort"],
    });
    backend.assertConsumed();
    expect(result).toMatchObject({
      status: "completed",
      outcome: "partial",
      terminationReason: "budget_exhausted:toolCalls",
      answer: "1. read notes",
    });
    const events = await runtime.store.readEvents(result.runId);
    // The refused call is answered, not dropped, and the earlier work stays in the log.
    expect(
      events
        .filter((event) => event.type === "tool-result")
        .map((event) => event.type === "tool-result" && event.errorReason),
    ).toEqual([undefined, "budget_exhausted"]);
  });

  it("hard-stop: fails at once, only the log remains", async () => {
    const { runtime, workspace } = await setup(looping());
    const result = await startRun(runtime, {
      goal: "g",
      workspace,
      limits: { toolCalls: 1 },
      onExhaust: ["hard-stop"],
    });
    expect(result).toMatchObject({
      status: "failed",
      outcome: "partial",
      terminationReason: "budget_exhausted:toolCalls",
      answer: null,
    });
  });

  it("ask-human: waits in awaiting_input, then resume continues with more budget and an instruction", async () => {
    const { runtime, backend, workspace } = await setup([
      { text: "1. read" },
      { toolCalls: [{ name: "read_file", arguments: { path: "notes.txt" } }] },
      { text: "I need more budget" },
    ]);
    // Steps: plan, act; the third step would exceed the step limit of 2.
    const waiting = await startRun(runtime, {
      goal: "g",
      workspace,
      limits: { steps: 2, usd: 1 },
      onExhaust: ["ask-human"],
    });
    expect(waiting).toMatchObject({
      status: "awaiting_input",
      outcome: null,
      terminationReason: "budget_exhausted:steps",
    });
    expect(backend.calls).toHaveLength(2);
    const runs = await runtime.store.listRuns();
    expect(runs[0]?.status).toBe("awaiting_input");
    await expect(resumeRun(runtime, waiting.runId, {})).rejects.toThrow(/--add-steps/);
    const resumed = await resumeRun(runtime, waiting.runId, { add: { steps: 2 }, input: "go on" });
    expect(resumed).toMatchObject({ status: "completed", outcome: "complete", answer: "I need more budget" });
    expect(
      backend.lastCall?.messages.some((message) => message.role === "user" && message.content === "go on"),
    ).toBe(true);
  });
});

describe("an answer on the last step the step limit allows", () => {
  it("under ask-human waits for input, naming the step budget, and never ends complete", async () => {
    const { runtime, backend, workspace } = await setup([
      { text: "1. read" },
      { toolCalls: [{ name: "read_file", arguments: { path: "notes.txt" } }] },
      // Told it has no steps left, the model gives up and answers: an answer forced by the limit.
      { text: "I cannot finish in time" },
      { text: "notes.txt holds alpha and beta" },
    ]);
    const waiting = await startRun(runtime, {
      goal: "g",
      workspace,
      limits: { steps: 3, usd: 1 },
      onExhaust: ["ask-human"],
    });
    expect(waiting).toMatchObject({
      status: "awaiting_input",
      outcome: null,
      terminationReason: "budget_exhausted:steps",
    });
    expect(backend.calls).toHaveLength(3);
    const report = buildReport(await runtime.store.readEvents(waiting.runId));
    expect(report.budgetExceeded).toEqual([{ dimension: "steps", scope: "run", spent: 3, limit: 3 }]);
    // With room to spare, the answer is the model's own: complete.
    const resumed = await resumeRun(runtime, waiting.runId, { add: { steps: 2 } });
    backend.assertConsumed();
    expect(resumed).toMatchObject({
      status: "completed",
      outcome: "complete",
      terminationReason: "answered",
      answer: "notes.txt holds alpha and beta",
    });
  });
});

describe("kill switch and deadlines", () => {
  it("a kill while a model call is in flight aborts it and stops the run before its next step", async () => {
    let runtimeRef: Awaited<ReturnType<typeof createTestRuntime>> | undefined;
    let runId = "";
    const { runtime, backend, workspace } = await setup([
      { text: "plan" },
      async (request) => {
        await runtimeRef?.killSwitch.trigger({ runId });
        // A real backend would be mid-response; the signal is already aborted.
        return request.signal?.aborted ? { error: request.signal.reason as Error } : { text: "too late" };
      },
    ]);
    runtimeRef = runtime;
    runtime.onEvent = (event) => {
      if (event.type === "run-start") runId = event.runId;
    };
    const result = await startRun(runtime, { goal: "g", workspace });
    expect(result).toMatchObject({ status: "killed", outcome: "partial", terminationReason: "killed:run" });
    expect(backend.calls).toHaveLength(2);
    const state = foldRunState(await runtime.store.readEvents(result.runId));
    expect(state.status).toBe("killed");
  });

  it("the global kill switch refuses new runs", async () => {
    const { runtime, backend, workspace } = await setup([]);
    await runtime.killSwitch.trigger({ global: true });
    await expect(startRun(runtime, { goal: "g", workspace })).rejects.toMatchObject({
      code: "KILL_SWITCH_TRIGGERED",
      scope: "global",
    });
    expect(backend.calls).toHaveLength(0);
    expect(await runtime.store.listRuns()).toEqual([]);
  });

  it("a step deadline aborts a slow call; the run deadline ends the run", async () => {
    const { runtime, workspace } = await setup([
      { text: "plan", latencyMs: 1000 },
      { text: "slow", latencyMs: 120_000 },
      { text: "Summary after timeout" },
    ]);
    const result = await startRun(runtime, {
      goal: "g",
      workspace,
      limits: { wallClockMs: 60_000 },
      onExhaust: ["summarize"],
    });
    expect(result).toMatchObject({
      status: "completed",
      outcome: "partial",
      terminationReason: "budget_exhausted:wallClockMs",
      answer: "Summary after timeout",
    });
    const report = buildReport(await runtime.store.readEvents(result.runId));
    // The run stopped at its deadline less the termination slice (10% of 60 s), then summarized.
    expect(report.wallClockMs).toBeLessThanOrEqual(60_000);
  });
});
