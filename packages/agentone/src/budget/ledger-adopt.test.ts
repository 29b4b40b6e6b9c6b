import { describe, expect, it } from "vitest";
import { foldedRun } from "../../test/support/folded-run.js";
import { Ledger } from "./ledger.js";
import { usdToNano } from "./money.js";

const prices = { input: 2, cachedInput: 0.5, cacheWrite: 0, output: 8 };
let ids = 0;
const nextId = () => `r${++ids}`;
const request = { prices, estimatedInputTokens: 1000, requestedMaxOutputTokens: 500, minOutputTokens: 64 };

describe("a reservation adopted from an earlier ledger", () => {
  it("holds the run's budget until it is settled, and the step's never", () => {
    const run = foldedRun({ limits: { usd: 0.01, step: { usd: 0.007 } } });
    const earlier = new Ledger({ run, nextId }).reserveModelCall(request);
    expect(earlier.amount.nanoUsd).toBe(6_000_000);
    const ledger = new Ledger({ run, nextId });
    ledger.adopt(earlier);
    // The run has $0.004 left, the step its whole $0.007: the run's limit clamps the next call.
    expect(ledger.headroom({ useHoldback: false }).usd).toBe(usdToNano(0.004));
    expect(ledger.stepHeadroom().nanoUsd).toBe(usdToNano(0.007));
    const next = ledger.reserveModelCall(request);
    expect(next.maxOutputTokens).toBe(250);
    ledger.settle(earlier, { nanoUsd: 0 });
    // Settling the adopted one frees the run's share and leaves the step's as it was.
    expect(ledger.headroom({ useHoldback: false }).usd).toBe(usdToNano(0.01) - (next.amount.nanoUsd ?? 0));
    expect(ledger.stepHeadroom().nanoUsd).toBe(usdToNano(0.007) - (next.amount.nanoUsd ?? 0));
  });

  it("cannot be adopted twice, nor settled twice", () => {
    const run = foldedRun({ limits: { usd: 1 } });
    const reservation = new Ledger({ run, nextId }).reserveModelCall(request);
    const ledger = new Ledger({ run, nextId });
    ledger.adopt(reservation);
    expect(() => ledger.adopt(reservation)).toThrow(/already open/);
    ledger.settle(reservation, {});
    expect(() => ledger.settle(reservation, {})).toThrow(/not open/);
  });
});
