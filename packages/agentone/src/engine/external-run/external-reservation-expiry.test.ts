import { beforeAll, describe, expect, it } from "vitest";
import { externalRuntime } from "../../../test/support/external-runtime.js";
import { errorCodes, ReservationConflictError, UsageError } from "../../core/errors/index.js";
import { foldRunState } from "../../core/run-state/fold-run-state.js";
import { createExternalRun } from "./create-external-run.js";
import { decideExternalStep } from "./decide-external-step.js";
import { finishExternalRun } from "./finish-external-run.js";
import { settleExternalUsage } from "./settle-external-usage.js";

let runtime: Awaited<ReturnType<typeof externalRuntime>>;
beforeAll(async () => {
  runtime = await externalRuntime();
});

const ttlMs = 60_000;
const open = () =>
  createExternalRun(runtime, { goal: "expire", workspace: ".", limits: { usd: 1 }, reservationTtlMs: ttlMs });
const decide = async (runId: string) => {
  const decision = await decideExternalStep(runtime, runId, {
    stepKind: "act",
    estimatedInputTokens: 1000,
    maxOutputTokens: 500,
  });
  return decision.reservationId as string;
};
const report = (runId: string, reservationId: string) =>
  settleExternalUsage(runtime, runId, {
    reservationId,
    usage: { inputTokens: 1000, outputTokens: 10 },
    latencyMs: 5,
  });

async function conflictOf(promise: Promise<unknown>): Promise<ReservationConflictError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ReservationConflictError);
  return error as ReservationConflictError;
}

describe("a reservation never settled", () => {
  it("is still open one millisecond before its time is up", async () => {
    const runId = await open();
    const reservationId = await decide(runId);
    runtime.clock.advance(ttlMs - 1);
    await expect(report(runId, reservationId)).resolves.toMatchObject({ reservationId, step: 1 });
  });

  it("expires on the virtual clock and is settled at its worst case at the next request", async () => {
    const runId = await open();
    const reservationId = await decide(runId);
    runtime.clock.advance(ttlMs);
    // Nothing happens until the run is asked something: expiry is a function of the log and the clock.
    const before = await runtime.store.readEvents(runId);
    expect(before.some((event) => event.type === "budget-settle")).toBe(false);
    const next = await decide(runId);
    const events = await runtime.store.readEvents(runId);
    const reserve = events.find(
      (event) => event.type === "budget-reserve" && event.reservationId === reservationId,
    );
    const settle = events.find(
      (event) => event.type === "budget-settle" && event.reservationId === reservationId,
    );
    // $0.002 input + 500 × $8/M output = $0.006, all of it charged.
    expect(reserve).toMatchObject({
      amount: { nanoUsd: 6_000_000, inputTokens: 1000, outputTokens: 500, modelCalls: 1 },
    });
    expect(settle).toMatchObject({
      actual: { nanoUsd: 6_000_000, inputTokens: 1000, outputTokens: 500, modelCalls: 1 },
      expired: true,
    });
    expect(events.find((event) => event.type === "step-end" && event.step === 1)).toMatchObject({
      status: "failed",
    });
    // The expiry came before the new decision's reservation.
    const settleSeq = settle?.seq ?? Number.POSITIVE_INFINITY;
    const nextReserve = events.find(
      (event) => event.type === "budget-reserve" && event.reservationId === next,
    );
    expect(settleSeq).toBeLessThan(nextReserve?.seq ?? 0);
    expect(foldRunState(events).usage.nanoUsd).toBe(6_000_000);
    const conflict = await conflictOf(report(runId, reservationId));
    expect(conflict).toMatchObject({ code: "RESERVATION_CONFLICT", reason: "expired", reservationId });
    expect(errorCodes[conflict.code].httpStatus).toBe(409);
  });

  it("expires at the usage report that comes too late, which is then refused", async () => {
    const runId = await open();
    const reservationId = await decide(runId);
    runtime.clock.advance(ttlMs + 1);
    expect((await conflictOf(report(runId, reservationId))).reason).toBe("expired");
    // The expiry was committed although the report was refused.
    const events = await runtime.store.readEvents(runId);
    expect(events.some((event) => event.type === "budget-settle" && event.expired === true)).toBe(true);
  });

  it("is settled at its worst case when the run finishes", async () => {
    const runId = await open();
    const reservationId = await decide(runId);
    const result = await finishExternalRun(runtime, runId, { answer: "done before the report" });
    expect(result.costUsd).toBe(0.006);
    const events = await runtime.store.readEvents(runId);
    const settle = events.find(
      (event) => event.type === "budget-settle" && event.reservationId === reservationId,
    );
    expect(settle).toMatchObject({ expired: true });
    expect(events.at(-1)?.type).toBe("run-end");
  });
});

describe("a usage report that cannot be settled", () => {
  it("is a 409 conflict for an unknown reservation, and for one already settled", async () => {
    const runId = await open();
    expect((await conflictOf(report(runId, "reservation_nope"))).reason).toBe("unknown");
    const reservationId = await decide(runId);
    await report(runId, reservationId);
    const twice = await conflictOf(report(runId, reservationId));
    expect(twice.reason).toBe("settled");
    expect(errorCodes[twice.code].httpStatus).toBe(409);
    // Refused reports write nothing.
    const events = await runtime.store.readEvents(runId);
    expect(events.filter((event) => event.type === "budget-settle")).toHaveLength(1);
  });

  it("names the offending field of bad input and writes nothing", async () => {
    const runId = await open();
    const reservationId = await decide(runId);
    const count = (await runtime.store.readEvents(runId)).length;
    const bad = (usage: unknown, extra: object = {}) =>
      settleExternalUsage(runtime, runId, { reservationId, usage, latencyMs: 1, ...extra } as never);
    await expect(bad({ inputTokens: 1, outputTokens: -1 })).rejects.toThrow(/usage\.outputTokens/);
    await expect(bad({ inputTokens: 1, outputTokens: 1, bogus: 1 })).rejects.toThrow(/usage: .*bogus/);
    await expect(bad({ inputTokens: 1, outputTokens: 1 }, { costUsd: 3 })).rejects.toThrow(/costUsd/);
    await expect(bad({ inputTokens: 1.5, outputTokens: 1 })).rejects.toBeInstanceOf(UsageError);
    expect(await runtime.store.readEvents(runId)).toHaveLength(count);
    // The same report, well formed, is taken.
    await expect(bad({ inputTokens: 1, outputTokens: 1 })).resolves.toMatchObject({ reservationId });
    await expect(
      decideExternalStep(runtime, runId, { stepKind: "dance", estimatedInputTokens: 1 } as never),
    ).rejects.toThrow(/invalid decision request: stepKind/);
  });

  it("settles at the catalog price of the model that answered, with its anomalies", async () => {
    const runId = await open();
    const reservationId = await decide(runId);
    const settlement = await settleExternalUsage(runtime, runId, {
      reservationId,
      usage: { inputTokens: 1000, outputTokens: 900 },
      latencyMs: 10,
    });
    // 900 output tokens where 500 were reserved (one more is tolerated): spent all the same, and flagged.
    expect(settlement.costUsd).toBeCloseTo(0.002 + 0.0072, 12);
    expect(settlement.anomalies).toEqual([{ kind: "output_over_max", reported: 900, allowed: 501 }]);
    // Under the default anomaly policy (`stop`) the run takes no more steps.
    const after = await decideExternalStep(runtime, runId, { stepKind: "act", estimatedInputTokens: 10 });
    expect(after).toMatchObject({ allowed: false, reason: "usage_anomaly", ifNotAllowed: "stop" });
    const ended = await finishExternalRun(runtime, runId, { answer: "x" });
    expect(ended).toMatchObject({ status: "failed", outcome: "partial", terminationReason: "usage_anomaly" });
  });
});
