import { beforeAll, describe, expect, it } from "vitest";
import { externalRuntime } from "../../../test/support/external-runtime.js";
import {
  BudgetExceededError,
  errorCodes,
  KillSwitchTriggeredError,
  NotFoundError,
  RunNotOpenError,
} from "../../core/errors/index.js";
import { foldRunState } from "../../core/run-state/fold-run-state.js";
import { MemoryKillSwitch } from "../kill-switch/kill-switch.js";
import { createRun } from "../lifecycle/create-run.js";
import { killRun } from "../lifecycle/kill-run.js";
import { resumeRun } from "../lifecycle/resume-run.js";
import { createExternalRun } from "./create-external-run.js";
import { decideExternalStep } from "./decide-external-step.js";
import { finishExternalRun } from "./finish-external-run.js";
import { recordExternalToolCall } from "./record-external-tool-call.js";
import { settleExternalUsage } from "./settle-external-usage.js";

let runtime: Awaited<ReturnType<typeof externalRuntime>>;
const killSwitch = new MemoryKillSwitch();
beforeAll(async () => {
  runtime = await externalRuntime({ killSwitch });
});

const act = (runId: string, estimatedInputTokens = 1000) =>
  decideExternalStep(runtime, runId, { stepKind: "act", estimatedInputTokens, maxOutputTokens: 500 });

describe("an external run's tool calls", () => {
  it("count against toolCalls and are refused once it is used up", async () => {
    const runId = await createExternalRun(runtime, {
      goal: "tools",
      workspace: ".",
      limits: { usd: 1, toolCalls: 2 },
      onExhaust: ["hard-stop"],
    });
    const first = await act(runId);
    const one = await recordExternalToolCall(runtime, runId, {
      tool: "search",
      arguments: '{"q":"refund"}',
      output: "3 hits",
    });
    expect(one).toMatchObject({ step: first.step, toolCalls: { used: 1, limit: 2 } });
    await recordExternalToolCall(runtime, runId, { tool: "search" });
    const refused = await recordExternalToolCall(runtime, runId, { tool: "search" }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(BudgetExceededError);
    expect(refused).toMatchObject({ dimension: "toolCalls", spent: 2, limit: 2 });
    const events = await runtime.store.readEvents(runId);
    expect(
      events
        .filter((event) => event.type === "tool-call")
        .map((event) => event.type === "tool-call" && event.tool),
    ).toEqual(["search", "search"]);
    expect(events.filter((event) => event.type === "budget-exceeded")).toEqual([
      expect.objectContaining({ dimension: "toolCalls", scope: "run" }),
    ]);
    expect(foldRunState(events).usage.toolCalls).toBe(2);
    // The managed loop stops at its tool-call limit; so does the caller's: no more steps.
    expect(await act(runId)).toMatchObject({
      allowed: false,
      reason: "budget_exhausted",
      ifNotAllowed: "stop",
    });
    await expect(
      recordExternalToolCall(runtime, runId, { tool: "search", extra: true } as never),
    ).rejects.toThrow(/Unrecognized key.*extra/);
  });
});

describe("the kill switch on an external run", () => {
  it("refuses the next decision and ends the run killed, its open reservation at its worst case", async () => {
    const runId = await createExternalRun(runtime, { goal: "kill me", workspace: ".", limits: { usd: 1 } });
    const open = await act(runId);
    await killSwitch.trigger({ runId });
    await expect(act(runId)).rejects.toBeInstanceOf(KillSwitchTriggeredError);
    const events = await runtime.store.readEvents(runId);
    const state = foldRunState(events);
    expect(state.status).toBe("killed");
    expect(state.terminationReason).toBe("killed:run");
    expect(
      events.find((event) => event.type === "budget-settle" && event.reservationId === open.reservationId),
    ).toMatchObject({ expired: true });
    // An ended run takes nothing more: a 409.
    const late = await settleExternalUsage(runtime, runId, {
      reservationId: open.reservationId as string,
      usage: { inputTokens: 1, outputTokens: 1 },
      latencyMs: 1,
    }).catch((error: unknown) => error);
    expect(late).toBeInstanceOf(RunNotOpenError);
    expect(errorCodes[(late as RunNotOpenError).code].httpStatus).toBe(409);
  });

  it("is ended by killRun between requests, without the 'process gone' note, reservations closed", async () => {
    const runId = await createExternalRun(runtime, {
      goal: "kill me later",
      workspace: ".",
      limits: { usd: 1 },
    });
    const open = await act(runId);
    await expect(killRun(runtime, runId)).resolves.toEqual({ kind: "ended-here" });
    const events = await runtime.store.readEvents(runId);
    expect(events.find((event) => event.type === "run-kill")).not.toHaveProperty("note");
    expect(
      events.find((event) => event.type === "budget-settle" && event.reservationId === open.reservationId),
    ).toMatchObject({ expired: true });
    expect(foldRunState(events).status).toBe("killed");
    await expect(act(runId)).rejects.toBeInstanceOf(RunNotOpenError);
  });
});

describe("an external run at the end of its budget", () => {
  it("waits for a human under ask-human, and a resume reopens it without running a loop", async () => {
    const runId = await createExternalRun(runtime, {
      goal: "ask",
      workspace: ".",
      limits: { steps: 1 },
      onExhaust: ["ask-human"],
    });
    const first = await act(runId);
    await settleExternalUsage(runtime, runId, {
      reservationId: first.reservationId as string,
      usage: { inputTokens: 1000, outputTokens: 10 },
      latencyMs: 1,
    });
    expect(await act(runId)).toMatchObject({ allowed: false, ifNotAllowed: "ask-human", limitedBy: "steps" });
    expect(foldRunState(await runtime.store.readEvents(runId)).status).toBe("awaiting_input");
    expect(await act(runId)).toMatchObject({
      allowed: false,
      reason: "awaiting_input",
      ifNotAllowed: "ask-human",
    });
    await expect(recordExternalToolCall(runtime, runId, { tool: "search" })).rejects.toBeInstanceOf(
      RunNotOpenError,
    );
    const resumed = await resumeRun(runtime, runId, { add: { steps: 1 } });
    expect(resumed.status).toBe("running");
    expect(await act(runId)).toMatchObject({ allowed: true, step: 2 });
  });

  it("allows one closing summary under summarize, on the held-back slice", async () => {
    const runId = await createExternalRun(runtime, {
      goal: "sum",
      workspace: ".",
      limits: { usd: 0.02 },
      onExhaust: ["summarize"],
    });
    // $0.002 (10%) is held back; ordinary steps may spend $0.018.
    let decision = await act(runId);
    const steps: number[] = [];
    while (decision.allowed) {
      steps.push(decision.maxOutputTokens);
      await settleExternalUsage(runtime, runId, {
        reservationId: decision.reservationId as string,
        usage: { inputTokens: 1000, outputTokens: decision.maxOutputTokens },
        latencyMs: 1,
      });
      decision = await act(runId);
    }
    expect(decision).toMatchObject({ allowed: false, ifNotAllowed: "summarize" });
    expect(foldRunState(await runtime.store.readEvents(runId)).usage.nanoUsd).toBeLessThanOrEqual(18_000_000);
    // An ordinary step is still refused; the summary is not.
    expect(await act(runId, 100)).toMatchObject({ allowed: false, ifNotAllowed: "summarize" });
    const summary = await decideExternalStep(runtime, runId, {
      stepKind: "summarize",
      estimatedInputTokens: 100,
    });
    expect(summary).toMatchObject({ allowed: true, ifNotAllowed: "stop" });
    await settleExternalUsage(runtime, runId, {
      reservationId: summary.reservationId as string,
      usage: { inputTokens: 100, outputTokens: 50 },
      latencyMs: 1,
    });
    const result = await finishExternalRun(runtime, runId, { partial: "summary of the work" });
    expect(result).toMatchObject({
      status: "completed",
      outcome: "partial",
      terminationReason: "budget_exhausted:usd",
    });
    expect(result.costUsd).toBeLessThanOrEqual(0.02);
  });

  it("tells the caller to degrade when dollars ran out and the run lists degrade", async () => {
    const runId = await createExternalRun(runtime, {
      goal: "cheap",
      workspace: ".",
      limits: { usd: 0.001 },
      onExhaust: ["degrade", "hard-stop"],
    });
    expect(await act(runId)).toMatchObject({ allowed: false, ifNotAllowed: "degrade", limitedBy: "usd" });
  });
});

describe("runs that take no external requests", () => {
  it("refuses a managed run, an unknown run and an ended run", async () => {
    const managed = await createRun(runtime, { goal: "managed", workspace: "." });
    await expect(act(managed)).rejects.toBeInstanceOf(RunNotOpenError);
    await expect(act("run_missing")).rejects.toBeInstanceOf(NotFoundError);
    const runId = await createExternalRun(runtime, { goal: "ended", workspace: ".", limits: { usd: 1 } });
    await finishExternalRun(runtime, runId, { answer: "done" });
    await expect(finishExternalRun(runtime, runId, { answer: "again" })).rejects.toBeInstanceOf(
      RunNotOpenError,
    );
    await expect(finishExternalRun(runtime, runId, { answer: "x", partial: "y" } as never)).rejects.toThrow(
      /invalid finish request/,
    );
  });

  it("creates nothing for a bad reservation time or while the global kill switch is on", async () => {
    const before = (await runtime.store.listRuns()).length;
    await expect(
      createExternalRun(runtime, { goal: "g", workspace: ".", reservationTtlMs: 0 }),
    ).rejects.toThrow(/reservationTtlMs/);
    await killSwitch.trigger({ global: true });
    try {
      await expect(createExternalRun(runtime, { goal: "g", workspace: "." })).rejects.toBeInstanceOf(
        KillSwitchTriggeredError,
      );
    } finally {
      await killSwitch.rearm();
    }
    expect(await runtime.store.listRuns()).toHaveLength(before);
  });
});
