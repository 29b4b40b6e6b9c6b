import { describe, expect, it } from "vitest";
import { emptyUsage } from "../core/budget-usage.js";
import { routingHeadroom, runHeadroom, stepHeadroom, tighter } from "./headroom.js";

describe("headroom", () => {
  it("leaves unlimited dimensions unlimited (null)", () => {
    const left = runHeadroom({
      limits: {},
      committed: emptyUsage(),
      holdback: {},
      elapsedMs: 0,
      terminationSliceMs: 0,
    });
    expect(Object.values(left).every((value) => value === null)).toBe(true);
  });

  it("subtracts what is committed and what is held back, and may go negative when an estimate ran over", () => {
    const left = runHeadroom({
      limits: { usd: 0.001, tokens: 100, modelCalls: 3, steps: 5 },
      committed: {
        ...emptyUsage(),
        nanoUsd: 1_200_000,
        inputTokens: 90,
        outputTokens: 5,
        modelCalls: 1,
        steps: 2,
      },
      holdback: { tokens: 10, modelCalls: 1, steps: 1 },
      elapsedMs: 0,
      terminationSliceMs: 0,
    });
    expect(left).toMatchObject({ usd: -200_000, tokens: -5, modelCalls: 1, steps: 2 });
  });

  it("counts step limits against what the step has committed only", () => {
    const step = stepHeadroom(
      { step: { usd: 0.01, tokens: 500, retries: 2 } },
      { ...emptyUsage(), inputTokens: 100, retries: 1 },
    );
    expect(step).toEqual({ nanoUsd: 10_000_000, tokens: 400, retries: 1 });
  });

  it("gives routing the tighter of run and step, and the run's own dollars and tokens", () => {
    const headroom = routingHeadroom({ usd: 50, tokens: null }, { nanoUsd: 20, tokens: 300, retries: null });
    expect(headroom).toEqual({ available: { nanoUsd: 20, tokens: 300 }, runNanoUsd: 50, runTokens: null });
    expect(routingHeadroom({ usd: 50, tokens: null }, null).available).toEqual({ nanoUsd: 50, tokens: null });
    expect(tighter(null, null)).toBeNull();
  });
});
