import { describe, expect, it } from "vitest";
import { VirtualClock } from "../core/clock/index.js";
import { BudgetExceededError } from "../core/errors/index.js";
import { createRandom } from "../core/random.js";
import { Ledger } from "./ledger.js";
import { nanoPerToken, usdToNano } from "./money.js";

const prices = { input: 2, cachedInput: 0.5, cacheWrite: 0, output: 8 };
let ids = 0;
const nextId = () => `r${++ids}`;

describe("Ledger", () => {
  it("reserves the worst case and settles to real usage, releasing the rest", () => {
    const ledger = new Ledger({ limits: { usd: 1 }, nextId });
    const reservation = ledger.reserveModelCall({
      prices,
      estimatedInputTokens: 1000,
      requestedMaxOutputTokens: 500,
      minOutputTokens: 16,
    });
    expect(reservation.maxOutputTokens).toBe(500);
    expect(reservation.amount.nanoUsd).toBe(1000 * nanoPerToken(2) + 500 * nanoPerToken(8));
    expect(ledger.snapshot().reserved.nanoUsd).toBe(reservation.amount.nanoUsd);
    const { released } = ledger.settle(reservation, {
      nanoUsd: 2_400_000,
      inputTokens: 1000,
      outputTokens: 50,
      modelCalls: 1,
    });
    expect(ledger.snapshot().reserved.nanoUsd).toBe(0);
    expect(ledger.snapshot().spent.nanoUsd).toBe(2_400_000);
    expect(released.outputTokens).toBe(450);
  });

  it("clamps the output tokens so the reservation fits the dollar cap", () => {
    // $0.01 = 10,000,000 nano; 1000 input tokens cost 2,000,000; each output token 8,000.
    const ledger = new Ledger({ limits: { usd: 0.01 }, nextId });
    const reservation = ledger.reserveModelCall({
      prices,
      estimatedInputTokens: 1000,
      requestedMaxOutputTokens: 4096,
      minOutputTokens: 16,
    });
    expect(reservation.maxOutputTokens).toBe(1000);
    expect(reservation.amount.nanoUsd).toBe(10_000_000);
  });

  it("refuses a call when even the minimal output does not fit, naming the limit", () => {
    const ledger = new Ledger({ limits: { usd: 0.001 }, nextId });
    const attempt = () =>
      ledger.reserveModelCall({
        prices,
        estimatedInputTokens: 1000,
        requestedMaxOutputTokens: 100,
        minOutputTokens: 16,
      });
    expect(attempt).toThrow(BudgetExceededError);
    try {
      attempt();
    } catch (error) {
      expect((error as BudgetExceededError).dimension).toBe("usd");
      expect((error as BudgetExceededError).scope).toBe("run");
      expect((error as BudgetExceededError).limit).toBe(0.001);
      expect((error as BudgetExceededError).requested).toBe(0.002);
    }
  });

  it("applies per-step token limits and resets them each step", () => {
    const ledger = new Ledger({ limits: { step: { tokens: 1200 } }, nextId });
    ledger.beginStep();
    const first = ledger.reserveModelCall({
      prices,
      estimatedInputTokens: 1000,
      requestedMaxOutputTokens: 500,
      minOutputTokens: 16,
    });
    expect(first.maxOutputTokens).toBe(200);
    ledger.settle(first, { inputTokens: 1000, outputTokens: 200, modelCalls: 1 });
    expect(() =>
      ledger.reserveModelCall({
        prices,
        estimatedInputTokens: 10,
        requestedMaxOutputTokens: 500,
        minOutputTokens: 16,
      }),
    ).toThrow(/step budget for tokens/);
    ledger.beginStep();
    expect(
      ledger.reserveModelCall({
        prices,
        estimatedInputTokens: 10,
        requestedMaxOutputTokens: 500,
        minOutputTokens: 16,
      }).maxOutputTokens,
    ).toBe(500);
  });

  it("keeps the held-back slice for the termination call only", () => {
    const ledger = new Ledger({
      limits: { usd: 0.01, steps: 3 },
      nextId,
      holdback: { nanoUsd: 5_000_000, steps: 1 },
    });
    const ordinary = ledger.reserveModelCall({
      prices,
      estimatedInputTokens: 1000,
      requestedMaxOutputTokens: 4096,
      minOutputTokens: 16,
    });
    expect(ordinary.maxOutputTokens).toBe(375); // (10M - 5M held - 2M input) / 8000
    ledger.beginStep();
    ledger.beginStep();
    expect(() => ledger.beginStep()).toThrow(/steps/);
    expect(() => ledger.beginStep({ useHoldback: true })).not.toThrow();
  });

  it("counts retries at run and step scope", () => {
    const ledger = new Ledger({ limits: { retries: 3, step: { retries: 1 } }, nextId });
    ledger.beginStep();
    ledger.countRetry();
    expect(() => ledger.countRetry()).toThrow(/step budget for retries/);
    ledger.beginStep();
    ledger.countRetry();
    ledger.beginStep();
    ledger.countRetry();
    ledger.beginStep();
    expect(() => ledger.countRetry()).toThrow(/run budget for retries/);
  });

  it("refuses tool calls beyond the tool-call budget, counting open reservations", () => {
    const ledger = new Ledger({ limits: { toolCalls: 2 }, nextId });
    ledger.reserveToolCall();
    ledger.reserveToolCall();
    expect(() => ledger.reserveToolCall()).toThrow(/toolCalls/);
  });

  it("holds a hard cap under 100 concurrent reservations", async () => {
    const clock = new VirtualClock();
    const random = createRandom(42);
    const cap = usdToNano(0.05);
    const ledger = new Ledger({ limits: { usd: 0.05 }, nextId });
    let refused = 0;
    let maxCommitted = 0;
    const call = async (index: number) => {
      // Interleave the calls: each waits a different time before reserving and before settling.
      await clock.sleep(random.integer(0, 50));
      let reservation: ReturnType<Ledger["reserveModelCall"]>;
      try {
        reservation = ledger.reserveModelCall({
          prices,
          estimatedInputTokens: 500 + index,
          requestedMaxOutputTokens: 800,
          minOutputTokens: 32,
        });
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
      ledger.settle(reservation, {
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
