import { describe, expect, it } from "vitest";
import { terminationHoldback } from "./termination-holdback.js";

describe("terminationHoldback", () => {
  it("keeps back a tenth of dollars, tokens and wall clock, one step and one model call for a summary", () => {
    expect(
      terminationHoldback(
        { usd: 1, tokens: 1005, steps: 10, modelCalls: 5, wallClockMs: 300_000 },
        { summarize: true },
      ),
    ).toEqual({
      holdback: { nanoUsd: 100_000_000, tokens: 100, steps: 1, modelCalls: 1 },
      terminationSliceMs: 30_000,
    });
  });

  it("keeps at most a minute of wall clock, and never a run's only step or model call", () => {
    expect(
      terminationHoldback({ steps: 1, modelCalls: 1, wallClockMs: 3_600_000 }, { summarize: true }),
    ).toEqual({ holdback: {}, terminationSliceMs: 60_000 });
  });

  it("keeps nothing back when the termination policy makes no further call", () => {
    expect(terminationHoldback({ usd: 1, steps: 10, wallClockMs: 60_000 }, { summarize: false })).toEqual({
      holdback: {},
      terminationSliceMs: 0,
    });
  });
});
