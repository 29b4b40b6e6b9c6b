import { describe, expect, it } from "vitest";
import { addToLimits, budgetLimitsSchema } from "./budget-limits.js";

describe("budget limits", () => {
  it("adds resumed budget exactly", () => {
    expect(addToLimits({ usd: 0.01 }, { usd: 0.2 }).usd).toBe(0.21);
    expect(
      addToLimits(
        { steps: 3, toolCalls: 2, wallClockMs: 1000 },
        { steps: 2, toolCalls: 5, wallClockMs: 500 },
      ),
    ).toEqual({ steps: 5, toolCalls: 7, wallClockMs: 1500 });
    expect(addToLimits({ usd: 1, steps: 3 }, {})).toEqual({ usd: 1, steps: 3 });
  });

  it("leaves an unlimited dimension unlimited", () => {
    expect(addToLimits({}, { tokens: 500, usd: 1 })).toEqual({});
  });

  it("rejects negative, fractional counts and unknown keys", () => {
    expect(budgetLimitsSchema.safeParse({ toolCalls: -1 }).success).toBe(false);
    expect(budgetLimitsSchema.safeParse({ steps: 1.5 }).success).toBe(false);
    expect(budgetLimitsSchema.safeParse({ dollars: 3 }).success).toBe(false);
    expect(budgetLimitsSchema.safeParse({ usd: 0.5, step: { wallClockMs: 1000 } }).success).toBe(true);
  });
});
