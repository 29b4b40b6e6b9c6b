import { describe, expect, it } from "vitest";
import { foldedRun } from "../../test/support/folded-run.js";
import { VirtualClock } from "../core/clock/index.js";
import { BudgetExceededError } from "../core/errors/index.js";
import { createRandom } from "../core/random.js";
import { type BudgetedRun, Ledger, type Reservation } from "./ledger.js";
import { nanoPerToken, usdToNano } from "./money.js";

const prices = { input: 2, cachedInput: 0.5, cacheWrite: 0, output: 8 };
let ids = 0;
const nextId = () => `r${++ids}`;
const decision = {
  allowed: true,
  model: "sim-standard",
  tier: "standard",
  maxOutputTokens: 1024,
  reason: "act_preferred_standard",
  explanation: "",
};

/** What the engine does after settling: record it, which is when the spend counts. */
function settle(run: BudgetedRun, ledger: Ledger, reservation: Reservation, actual: Record<string, number>) {
  const { released } = ledger.settle(reservation, actual);
  run.emit({
    type: "budget-settle",
    step: run.state.lastStep,
    reservationId: reservation.id,
    actual,
    released,
  });
  return released;
}

/** What the engine does to start a step: the ledger allows it, then the step is recorded. */
function beginStep(run: BudgetedRun, ledger: Ledger, options: { useHoldback?: boolean } = {}) {
  ledger.beginStep(options);
  run.emit({ type: "step-start", step: run.state.lastStep + 1, kind: "act", decision });
}

function retry(run: BudgetedRun, ledger: Ledger) {
  ledger.countRetry();
  run.emit({
    type: "retry-schedule",
    step: run.state.lastStep,
    attempt: 2,
    model: "m",
    waitMs: 0,
    reason: "server",
  });
}

const reserveModelCall = (ledger: Ledger, estimatedInputTokens: number, requestedMaxOutputTokens: number) =>
  ledger.reserveModelCall({ prices, estimatedInputTokens, requestedMaxOutputTokens, minOutputTokens: 16 });

describe("Ledger", () => {
  it("reserves the worst case and releases the rest at settlement; the spend counts once recorded", () => {
    const run = foldedRun({ limits: { usd: 1 } });
    const ledger = new Ledger({ run, nextId });
    const reservation = reserveModelCall(ledger, 1000, 500);
    expect(reservation.maxOutputTokens).toBe(500);
    expect(reservation.amount.nanoUsd).toBe(1000 * nanoPerToken(2) + 500 * nanoPerToken(8));
    expect(ledger.snapshot().reserved.nanoUsd).toBe(reservation.amount.nanoUsd);
    const released = settle(run, ledger, reservation, {
      nanoUsd: 2_400_000,
      inputTokens: 1000,
      outputTokens: 50,
      modelCalls: 1,
    });
    expect(ledger.snapshot().reserved.nanoUsd).toBe(0);
    expect(ledger.snapshot().spent.nanoUsd).toBe(2_400_000);
    expect(released.outputTokens).toBe(450);
  });

  it("reads what was spent from the run's folded usage, so it starts where a resumed run left off", () => {
    const run = foldedRun({ limits: { usd: 0.01 } });
    run.emit({
      type: "budget-settle",
      step: 0,
      reservationId: "earlier",
      actual: { nanoUsd: 5_000_000, inputTokens: 10, outputTokens: 10, modelCalls: 1 },
      released: {},
    });
    const ledger = new Ledger({ run, nextId });
    expect(ledger.spent).toBe(run.state.usage);
    expect(reserveModelCall(ledger, 1000, 4096).maxOutputTokens).toBe(375); // (10M - 5M - 2M input) / 8000
  });

  it("clamps the output tokens so the reservation fits the dollar cap", () => {
    // $0.01 = 10,000,000 nano; 1000 input tokens cost 2,000,000; each output token 8,000.
    const ledger = new Ledger({ run: foldedRun({ limits: { usd: 0.01 } }), nextId });
    const reservation = reserveModelCall(ledger, 1000, 4096);
    expect(reservation.maxOutputTokens).toBe(1000);
    expect(reservation.amount.nanoUsd).toBe(10_000_000);
  });

  it("refuses a call when even the minimal output does not fit, naming the limit", () => {
    const ledger = new Ledger({ run: foldedRun({ limits: { usd: 0.001 } }), nextId });
    let refusal: unknown;
    try {
      reserveModelCall(ledger, 1000, 100);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(BudgetExceededError);
    expect(refusal).toMatchObject({ dimension: "usd", scope: "run", limit: 0.001, requested: 0.002 });
  });

  it("applies per-step token limits and starts each step afresh", () => {
    const run = foldedRun({ limits: { step: { tokens: 1200 } } });
    const ledger = new Ledger({ run, nextId });
    beginStep(run, ledger);
    const first = reserveModelCall(ledger, 1000, 500);
    expect(first.maxOutputTokens).toBe(200);
    settle(run, ledger, first, { inputTokens: 1000, outputTokens: 200, modelCalls: 1 });
    expect(() => reserveModelCall(ledger, 10, 500)).toThrow(/step budget for tokens/);
    beginStep(run, ledger);
    expect(reserveModelCall(ledger, 10, 500).maxOutputTokens).toBe(500);
  });

  it("keeps the held-back slice for the termination call only", () => {
    const run = foldedRun({ limits: { usd: 0.01, steps: 3 } });
    const ledger = new Ledger({ run, nextId, holdForTermination: true });
    expect(ledger.holdback).toEqual({ nanoUsd: 1_000_000, steps: 1 });
    expect(reserveModelCall(ledger, 1000, 4096).maxOutputTokens).toBe(875); // (10M - 1M held - 2M input) / 8000
    beginStep(run, ledger);
    beginStep(run, ledger);
    expect(() => ledger.beginStep()).toThrow(/steps/);
    expect(() => ledger.beginStep({ useHoldback: true })).not.toThrow();
  });

  it("holds nothing back when the termination policy makes no further call", () => {
    const ledger = new Ledger({
      run: foldedRun({ limits: { usd: 1, steps: 3, wallClockMs: 60_000 } }),
      nextId,
    });
    expect(ledger.holdback).toEqual({});
    expect(ledger.terminationSliceMs).toBe(0);
  });

  it("counts retries at run and step scope", () => {
    const run = foldedRun({ limits: { retries: 3, step: { retries: 1 } } });
    const ledger = new Ledger({ run, nextId });
    beginStep(run, ledger);
    retry(run, ledger);
    expect(() => ledger.countRetry()).toThrow(/step budget for retries/);
    beginStep(run, ledger);
    retry(run, ledger);
    beginStep(run, ledger);
    retry(run, ledger);
    beginStep(run, ledger);
    expect(() => ledger.countRetry()).toThrow(/run budget for retries/);
  });

  it("refuses tool calls beyond the tool-call budget, counting open reservations", () => {
    const ledger = new Ledger({ run: foldedRun({ limits: { toolCalls: 2 } }), nextId });
    ledger.reserveToolCall();
    ledger.reserveToolCall();
    expect(() => ledger.reserveToolCall()).toThrow(/toolCalls/);
  });

  it("answers what is left on every dimension, less open reservations and the hold-back", () => {
    const run = foldedRun({
      limits: {
        usd: 1,
        tokens: 10_000,
        inputTokens: 8000,
        outputTokens: 4000,
        toolCalls: 5,
        modelCalls: 4,
        steps: 10,
        retries: 3,
        wallClockMs: 100_000,
      },
    });
    const ledger = new Ledger({ run, nextId, holdForTermination: true });
    beginStep(run, ledger);
    settle(run, ledger, reserveModelCall(ledger, 1000, 100), {
      nanoUsd: 3000,
      inputTokens: 1000,
      outputTokens: 100,
      modelCalls: 1,
    });
    retry(run, ledger);
    ledger.reserveToolCall();
    run.advance(5000);
    expect(ledger.headroom({ useHoldback: false })).toEqual({
      usd: 1_000_000_000 - 3000 - 100_000_000,
      tokens: 10_000 - 1100 - 1000,
      inputTokens: 7000,
      outputTokens: 3900,
      toolCalls: 4,
      modelCalls: 4 - 1 - 1,
      steps: 10 - 1 - 1,
      retries: 2,
      wallClockMs: 100_000 - 10_000 - 5000,
    });
    expect(ledger.headroom({ useHoldback: true })).toMatchObject({
      steps: 9,
      modelCalls: 3,
      wallClockMs: 95_000,
    });
  });

  it("gives routing the tighter of the run's and the step's dollars and tokens", () => {
    const run = foldedRun({ limits: { usd: 1, tokens: 5000, step: { usd: 0.1 } } });
    const ledger = new Ledger({ run, nextId });
    beginStep(run, ledger);
    reserveModelCall(ledger, 1000, 100);
    const reserved = 1000 * nanoPerToken(2) + 100 * nanoPerToken(8);
    expect(ledger.routingHeadroom({ useHoldback: false, withStepLimits: true })).toEqual({
      available: { nanoUsd: usdToNano(0.1) - reserved, tokens: 3900 },
      runNanoUsd: usdToNano(1) - reserved,
      runTokens: 3900,
    });
    expect(ledger.routingHeadroom({ useHoldback: false, withStepLimits: false }).available.nanoUsd).toBe(
      usdToNano(1) - reserved,
    );
  });

  it("records a breach once, as the budget-exceeded event and the error that carries it", () => {
    const run = foldedRun({ limits: { usd: 0.5 } });
    const ledger = new Ledger({ run, nextId });
    const error = ledger.recordBreach(ledger.refuseRouting({ dimension: "usd", scope: "run" }));
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(run.events.at(-1)).toMatchObject({
      type: "budget-exceeded",
      dimension: "usd",
      scope: "run",
      spent: 0,
      limit: 0.5,
      requested: 0,
    });
    ledger.recordBreach({ dimension: "steps", scope: "run", spent: 3, limit: 3, requested: 0 });
    expect(run.events.filter((event) => event.type === "budget-exceeded")).toHaveLength(2);
  });

  it("sets the run's deadline before its end by the termination slice, except for the termination step", () => {
    const run = foldedRun({ limits: { wallClockMs: 100_000, step: { wallClockMs: 20_000 } } });
    const ledger = new Ledger({ run, nextId, holdForTermination: true });
    run.advance(30_000);
    expect(ledger.deadlines({ now: 1000, stepStartedAt: 500, forTermination: false })).toEqual({
      runEndsAt: 1000 + 100_000 - 10_000 - 30_000,
      stepEndsAt: 20_500,
    });
    expect(ledger.deadlines({ now: 1000, stepStartedAt: 500, forTermination: true }).runEndsAt).toBe(71_000);
    expect(ledger.wallClockBreach("step")).toMatchObject({
      dimension: "wallClockMs",
      spent: 20_000,
      limit: 20_000,
    });
  });

  it("warns once per dimension that crosses the soft threshold", () => {
    const run = foldedRun({ limits: { toolCalls: 5 } });
    const ledger = new Ledger({ run, nextId });
    for (let call = 0; call < 4; call++) settle(run, ledger, ledger.reserveToolCall(), { toolCalls: 1 });
    ledger.recordWarnings();
    ledger.recordWarnings();
    const warnings = run.events.filter((event) => event.type === "budget-warning");
    expect(warnings).toEqual([expect.objectContaining({ dimension: "toolCalls", used: 4, limit: 5 })]);
  });

  it("holds a hard cap under 100 concurrent reservations", async () => {
    const clock = new VirtualClock();
    const random = createRandom(42);
    const cap = usdToNano(0.05);
    const run = foldedRun({ limits: { usd: 0.05 } });
    const ledger = new Ledger({ run, nextId });
    let refused = 0;
    let maxCommitted = 0;
    const call = async (index: number) => {
      // Interleave the calls: each waits a different time before reserving and before settling.
      await clock.sleep(random.integer(0, 50));
      let reservation: ReturnType<Ledger["reserveModelCall"]>;
      try {
        reservation = reserveModelCall(ledger, 500 + index, 800);
      } catch (error) {
        expect(error).toBeInstanceOf(BudgetExceededError);
        refused++;
        return;
      }
      const snapshot = ledger.snapshot();
      maxCommitted = Math.max(maxCommitted, snapshot.spent.nanoUsd + snapshot.reserved.nanoUsd);
      await clock.sleep(random.integer(1, 200));
      const outputTokens = random.integer(0, reservation.maxOutputTokens);
      const input = 500 + index;
      settle(run, ledger, reservation, {
        nanoUsd: input * nanoPerToken(prices.input) + outputTokens * nanoPerToken(prices.output),
        inputTokens: input,
        outputTokens,
        modelCalls: 1,
      });
    };
    await Promise.all(Array.from({ length: 100 }, (_, index) => call(index)));
    const { spent, reserved } = ledger.snapshot();
    expect(reserved.nanoUsd).toBe(0);
    expect(spent.nanoUsd).toBeLessThanOrEqual(cap);
    expect(maxCommitted).toBeLessThanOrEqual(cap);
    // The cap actually bit: some calls were admitted, some refused.
    expect(refused).toBeGreaterThan(0);
    expect(spent.modelCalls).toBeGreaterThan(0);
    expect(spent.modelCalls + refused).toBe(100);
  });
});
