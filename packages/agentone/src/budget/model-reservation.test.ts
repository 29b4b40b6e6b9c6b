import { describe, expect, it } from "vitest";
import { emptyUsage } from "../core/budget-usage.js";
import { planModelReservation } from "./model-reservation.js";

const prices = { input: 1, cachedInput: 0.1, cacheWrite: 0, output: 4 };
const committed = { run: emptyUsage(), step: emptyUsage() };
const request = {
  committed,
  holdback: {},
  prices,
  estimatedInputTokens: 100,
  requestedMaxOutputTokens: 1000,
  minOutputTokens: 10,
};

describe("planModelReservation", () => {
  it("passes the request through when nothing is limited", () => {
    const plan = planModelReservation({ ...request, limits: {} });
    expect(plan).toMatchObject({ ok: true, maxOutputTokens: 1000, clampedBy: null });
  });

  it.each([
    ["tokens", { tokens: 600 }, 500],
    ["outputTokens", { outputTokens: 300 }, 300],
    ["usd", { usd: 0.0005 }, 100], // (500,000 - 100,000) / 4,000
  ] as const)("clamps by %s", (dimension, limits, expected) => {
    const plan = planModelReservation({ ...request, limits });
    expect(plan).toMatchObject({ ok: true, maxOutputTokens: expected, clampedBy: dimension });
  });

  it.each([
    ["inputTokens", { inputTokens: 50 }],
    ["modelCalls", { modelCalls: 0 }],
    ["tokens", { tokens: 105 }],
  ] as const)("refuses by %s", (dimension, limits) => {
    expect(planModelReservation({ ...request, limits })).toMatchObject({
      ok: false,
      dimension,
      scope: "run",
    });
  });

  it("treats a free model as fitting any dollar budget, even zero", () => {
    const plan = planModelReservation({
      ...request,
      prices: { input: 0, cachedInput: 0, cacheWrite: 0, output: 0 },
      limits: { usd: 0 },
    });
    expect(plan).toMatchObject({ ok: true, maxOutputTokens: 1000 });
  });

  it("reserves input at the cache-write price when that is higher, so cache writes cannot overshoot", () => {
    const anthropicLike = { input: 15, cachedInput: 1.5, cacheWrite: 18.75, output: 75 };
    const plan = planModelReservation({ ...request, prices: anthropicLike, limits: {} });
    expect(plan).toMatchObject({ ok: true, amount: { nanoUsd: 100 * 18_750 + 1000 * 75_000 } });
  });
});
