import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { foldRunState } from "../../src/core/run-state/fold-run-state.js";
import { decideApproval, pendingApprovals } from "../../src/engine/lifecycle/decide-approval.js";
import { resumeRun } from "../../src/engine/lifecycle/resume-run.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import { cleanUpApprovalRuns, eventsOf, setup, toolMessages } from "../support/approval-harness.js";

// Loading the tokenizer and starting the first in-memory store are slow on a busy machine: done once, up front.
beforeAll(async () => {
  const warm = await createTestRuntime();
  await warm.store.close();
});

afterEach(cleanUpApprovalRuns);

describe("a tool call that needs approval", () => {
  it("pauses the run before anything of its turn runs, then continues once approved", async () => {
    const { runtime, backend, executed, task } = await setup([
      { text: "1. tidy 2. deploy" },
      {
        toolCalls: [
          { name: "tidy", arguments: { target: "build" } },
          { name: "deploy", arguments: { target: "prod" } },
        ],
      },
      { text: "deployed" },
    ]);
    const waiting = await startRun(runtime, task());
    expect(waiting).toMatchObject({ status: "awaiting_approval", outcome: null });
    // Nothing of the turn ran, not even the call that needs no approval.
    expect(executed).toEqual([]);
    const pending = await pendingApprovals(runtime, waiting.runId);
    expect(pending).toEqual([
      expect.objectContaining({
        callId: "call_2_2",
        tool: "deploy",
        arguments: '{"target":"prod"}',
        reason: "deploy may change something outside the workspace",
      }),
    ]);
    const [request] = await eventsOf(runtime, waiting.runId, "approval-request");
    expect(request).toMatchObject({ step: 2, callId: "call_2_2", tool: "deploy" });
    expect((await runtime.store.listRuns())[0]?.status).toBe("awaiting_approval");

    const done = await decideApproval(runtime, waiting.runId, { decision: "approve", reason: "looks fine" });
    expect(done).toMatchObject({
      status: "completed",
      outcome: "complete",
      answer: "deployed",
      continued: true,
    });
    expect(executed).toEqual(["tidy:build", "deploy:prod"]);
    backend.assertConsumed();
    expect(toolMessages(backend).map((message) => [message.toolName, message.content])).toEqual([
      ["tidy", "tidy done: build"],
      ["deploy", "deploy done: prod"],
    ]);
    const [decision] = await eventsOf(runtime, waiting.runId, "approval-decision");
    expect(decision).toMatchObject({
      callId: "call_2_2",
      decision: "approve",
      decidedBy: "human",
      reason: "looks fine",
    });
    // The wait for the human is not active time, and the calls were counted once each.
    const state = foldRunState(await runtime.store.readEvents(waiting.runId));
    expect(state.usage.toolCalls).toBe(2);
    expect(state.pendingApprovals).toEqual([]);
  });

  it("pauses even when the calls come in a plan step, where no tools were offered", async () => {
    const { runtime, executed, task } = await setup([
      { toolCalls: [{ name: "deploy", arguments: { target: "prod" } }] },
      { text: "done" },
    ]);
    const waiting = await startRun(runtime, task());
    expect(waiting.status).toBe("awaiting_approval");
    const result = await decideApproval(runtime, waiting.runId, { decision: "approve" });
    expect(result.status).toBe("completed");
    expect(executed).toEqual(["deploy:prod"]);
  });

  it("a denied call is never executed; the model reads who denied it and why, and the run goes on", async () => {
    const { runtime, backend, executed, task } = await setup([
      { text: "plan" },
      { toolCalls: [{ name: "deploy", arguments: { target: "prod" } }] },
      { text: "not deployed" },
    ]);
    const waiting = await startRun(runtime, task());
    const result = await decideApproval(runtime, waiting.runId, {
      decision: "deny",
      reason: "freeze until Monday",
    });
    expect(result).toMatchObject({ status: "completed", answer: "not deployed" });
    expect(executed).toEqual([]);
    const [message] = toolMessages(backend);
    expect(message).toMatchObject({ toolName: "deploy", isError: true });
    expect(message?.content).toBe(
      "Error: the call was denied by a human: freeze until Monday. It was not executed.",
    );
    const [result0] = await eventsOf(runtime, waiting.runId, "tool-result");
    expect(result0).toMatchObject({ errorReason: "denied", isError: true });
  });

  it("waits until every call of the turn is decided; a partial decision runs nothing", async () => {
    const { runtime, executed, task } = await setup([
      { text: "plan" },
      {
        toolCalls: [
          { name: "deploy", arguments: { target: "eu" } },
          { name: "deploy", arguments: { target: "us" } },
        ],
      },
      { text: "done" },
    ]);
    const waiting = await startRun(runtime, task());
    expect((await pendingApprovals(runtime, waiting.runId)).map((entry) => entry.callId)).toEqual([
      "call_2_1",
      "call_2_2",
    ]);
    const partial = await decideApproval(runtime, waiting.runId, { callId: "call_2_2", decision: "approve" });
    expect(partial).toMatchObject({ status: "awaiting_approval", continued: false });
    expect(partial.pendingApprovals.map((entry) => entry.callId)).toEqual(["call_2_1"]);
    expect(executed).toEqual([]);
    const done = await decideApproval(runtime, waiting.runId, { callId: "call_2_1", decision: "deny" });
    expect(done.status).toBe("completed");
    expect(executed).toEqual(["deploy:us"]);
  });

  it("refuses, writing nothing, a decision for a run that is not waiting or a call that is not pending", async () => {
    const { runtime, task } = await setup([
      { text: "plan" },
      { toolCalls: [{ name: "deploy", arguments: { target: "prod" } }] },
      { text: "done" },
    ]);
    const waiting = await startRun(runtime, task());
    const before = (await runtime.store.readEvents(waiting.runId)).length;
    await expect(
      decideApproval(runtime, waiting.runId, { callId: "call_9_9", decision: "approve" }),
    ).rejects.toThrow(/has no tool call 'call_9_9' waiting for approval; waiting: call_2_1 \(deploy\)/);
    await expect(resumeRun(runtime, waiting.runId, { add: { usd: 1 } })).rejects.toThrow(
      /waits for approval of call_2_1 \(deploy\); decide with `agentone approve/,
    );
    expect(await runtime.store.readEvents(waiting.runId)).toHaveLength(before);
    await decideApproval(runtime, waiting.runId, { decision: "approve" });
    await expect(decideApproval(runtime, waiting.runId, { decision: "approve" })).rejects.toMatchObject({
      code: "USAGE_ERROR",
      message: expect.stringMatching(/is not waiting for approval \(it is completed\)/),
    });
  });

  it("refuses decisions while the global kill switch is on; a killed waiting run never runs its calls", async () => {
    const { runtime, executed, task } = await setup([
      { text: "plan" },
      { toolCalls: [{ name: "deploy", arguments: { target: "prod" } }] },
    ]);
    const waiting = await startRun(runtime, task());
    await runtime.killSwitch.trigger({ global: true });
    await expect(decideApproval(runtime, waiting.runId, { decision: "approve" })).rejects.toMatchObject({
      code: "KILL_SWITCH_TRIGGERED",
    });
    await runtime.killSwitch.rearm();
    await runtime.killSwitch.trigger({ runId: waiting.runId });
    const result = await decideApproval(runtime, waiting.runId, { decision: "approve" });
    expect(result).toMatchObject({ status: "killed", terminationReason: "killed:run" });
    expect(executed).toEqual([]);
  });
});

describe("the tool-call budget with approvals", () => {
  it("counts every call of a turn; calls beyond it are never asked about nor executed", async () => {
    const { runtime, executed, task } = await setup([
      { text: "plan" },
      {
        toolCalls: [
          { name: "deploy", arguments: { target: "one" } },
          { name: "tidy", arguments: { target: "two" } },
          { name: "deploy", arguments: { target: "three" } },
        ],
      },
    ]);
    const waiting = await startRun(runtime, task({ limits: { toolCalls: 2 }, onExhaust: ["best-effort"] }));
    // Only the first call fits the budget with a decision to make; the third is not asked about.
    expect((await pendingApprovals(runtime, waiting.runId)).map((entry) => entry.callId)).toEqual([
      "call_2_1",
    ]);
    const result = await decideApproval(runtime, waiting.runId, { decision: "approve" });
    expect(result).toMatchObject({ status: "completed", terminationReason: "budget_exhausted:toolCalls" });
    expect(executed).toEqual(["deploy:one", "tidy:two"]);
    const results = await eventsOf(runtime, waiting.runId, "tool-result");
    expect(results.map((event) => event.type === "tool-result" && (event.errorReason ?? "ok"))).toEqual([
      "ok",
      "ok",
      "budget_exhausted",
    ]);
    expect(foldRunState(await runtime.store.readEvents(waiting.runId)).usage.toolCalls).toBe(2);
  });

  it("a write in a waiting turn happens only once the turn is decided, in call order", async () => {
    const { runtime, workspace, executed, task } = await setup([
      { text: "plan" },
      {
        toolCalls: [
          { name: "write_file", arguments: { path: "notes.txt", content: "changed\n" } },
          { name: "deploy", arguments: { target: "prod" } },
        ],
      },
      { text: "written, not deployed" },
    ]);
    const waiting = await startRun(runtime, task());
    expect(waiting.status).toBe("awaiting_approval");
    expect(await readFile(join(workspace, "notes.txt"), "utf8")).toBe("alpha\n");
    await decideApproval(runtime, waiting.runId, { decision: "deny" });
    expect(await readFile(join(workspace, "notes.txt"), "utf8")).toBe("changed\n");
    expect(executed).toEqual([]);
  });
});
