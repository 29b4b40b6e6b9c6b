import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { decideApproval, pendingApprovals } from "../../src/engine/lifecycle/decide-approval.js";
import { resumeRun } from "../../src/engine/lifecycle/resume-run.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import {
  cleanUpApprovalRuns,
  eventsOf,
  recordingTool,
  setup,
  toolMessages,
} from "../support/approval-harness.js";

// Loading the tokenizer and starting the first in-memory store are slow on a busy machine: done once, up front.
beforeAll(async () => {
  const warm = await createTestRuntime();
  await warm.store.close();
});

afterEach(cleanUpApprovalRuns);

describe("approval rules", () => {
  it("approve and deny calls without a human, recording each decision and the rule that made it", async () => {
    const { runtime, backend, executed, task } = await setup(
      [
        { text: "plan" },
        {
          toolCalls: [
            { name: "deploy", arguments: { target: "staging" } },
            { name: "tidy", arguments: { target: "secrets/keys" } },
            { name: "deploy", arguments: { target: "prod" } },
          ],
        },
        { text: "done" },
      ],
      {
        rules: [
          {
            tool: "*",
            when: { argumentsMatch: "secrets/" },
            decision: "deny",
            reason: "never touch secrets",
          },
          { tool: "deploy", when: { argumentsMatch: '"target":"staging"' }, decision: "approve" },
        ],
      },
    );
    const waiting = await startRun(runtime, task());
    // staging is approved and secrets denied by rules; prod still needs a human.
    expect(waiting.status).toBe("awaiting_approval");
    expect((await pendingApprovals(runtime, waiting.runId)).map((entry) => entry.callId)).toEqual([
      "call_2_3",
    ]);
    const decisions = await eventsOf(runtime, waiting.runId, "approval-decision");
    expect(decisions).toEqual([
      expect.objectContaining({
        callId: "call_2_1",
        decision: "approve",
        decidedBy: "rule",
        rule: "tools.approvals.rules[1]",
      }),
      expect.objectContaining({
        callId: "call_2_2",
        decision: "deny",
        decidedBy: "rule",
        rule: "tools.approvals.rules[0]",
        reason: "never touch secrets",
      }),
    ]);
    await decideApproval(runtime, waiting.runId, { decision: "approve" });
    expect(executed).toEqual(["deploy:staging", "deploy:prod"]);
    expect(toolMessages(backend)[1]?.content).toBe(
      "Error: the call was denied by the rule tools.approvals.rules[0]: never touch secrets. It was not executed.",
    );
  });

  it("per-call traits decide which calls need approval (an HTTP-like tool: GET reads, POST asks)", async () => {
    const executed: string[] = [];
    const {
      runtime: base,
      backend,
      task,
    } = await setup([
      { text: "plan" },
      {
        toolCalls: [
          { name: "fetch", arguments: { target: "GET /items" } },
          { name: "fetch", arguments: { target: "POST /items" } },
        ],
      },
      { text: "done" },
    ]);
    const fetchTool = recordingTool({
      name: "fetch",
      sideEffect: "external",
      requiresApproval: true,
      executed,
      traits: ({ target }) =>
        target.startsWith("GET")
          ? { idempotent: true, requiresApproval: false, sideEffect: "none" }
          : { idempotent: false, requiresApproval: true, sideEffect: "external" },
    });
    const runtime = { ...base, tools: [...base.tools, fetchTool] };
    const waiting = await startRun(runtime, task());
    expect((await pendingApprovals(runtime, waiting.runId)).map((entry) => entry.callId)).toEqual([
      "call_2_2",
    ]);
    await decideApproval(runtime, waiting.runId, { decision: "approve" });
    expect(executed).toEqual(["fetch:GET /items", "fetch:POST /items"]);
    backend.assertConsumed();
  });
});

describe("the approval timeout", () => {
  const dayAndAHalf = 36 * 60 * 60 * 1000;

  it("an approval after the timeout is not recorded: the calls are answered unexecuted and the policy applies", async () => {
    const { runtime, clock, executed, task } = await setup([
      { text: "plan" },
      { toolCalls: [{ name: "deploy", arguments: { target: "prod" } }] },
    ]);
    const waiting = await startRun(runtime, task({ onExhaust: ["best-effort"] }));
    await clock.sleep(dayAndAHalf);
    const result = await decideApproval(runtime, waiting.runId, { decision: "approve" });
    expect(result).toMatchObject({
      status: "completed",
      outcome: "partial",
      terminationReason: "approval_timeout",
      expired: true,
      answer: "plan",
    });
    expect(executed).toEqual([]);
    expect(await eventsOf(runtime, waiting.runId, "approval-decision")).toEqual([
      expect.objectContaining({ decision: "deny", decidedBy: "timeout", reason: "no decision within 24 h" }),
    ]);
    expect(await eventsOf(runtime, waiting.runId, "tool-result")).toEqual([
      expect.objectContaining({
        errorReason: "timeout",
        output: "Error: not executed: the approval request expired (no decision within 24 h).",
      }),
    ]);
  });

  it("resume ends an expired wait under the termination policy (ask-human: the run then waits for input)", async () => {
    const { runtime, clock, task } = await setup(
      [{ text: "plan" }, { toolCalls: [{ name: "deploy", arguments: { target: "prod" } }] }],
      { timeoutMs: 60_000 },
    );
    const waiting = await startRun(runtime, task({ onExhaust: ["ask-human"] }));
    await clock.sleep(59_000);
    await expect(resumeRun(runtime, waiting.runId, {})).rejects.toThrow(/waits for approval/);
    await clock.sleep(1_000);
    const result = await resumeRun(runtime, waiting.runId, {});
    expect(result.status).toBe("awaiting_input");
    const transitions = (await eventsOf(runtime, waiting.runId, "run-transition")).map((event) =>
      event.type === "run-transition" ? `${event.to}:${event.reason}` : "",
    );
    expect(transitions.slice(-2)).toEqual(["running:approval_timeout", "awaiting_input:approval_timeout"]);
  });
});
