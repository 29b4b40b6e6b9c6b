import { describe, expect, it } from "vitest";
import { emptyUsage } from "../core/budget-usage.js";
import { defaultStopRules, firstStopCause, type StopRuleInput } from "./stop-rules.js";

const base: StopRuleInput = {
  limits: {},
  usage: emptyUsage(),
  holdback: {},
  elapsedMs: 0,
  terminationSliceMs: 0,
  consecutiveFailedSteps: 0,
  maxConsecutiveFailedSteps: 3,
};

describe("stop rules", () => {
  it("lets an unlimited run go on", () => {
    expect(firstStopCause(defaultStopRules, base)).toBeNull();
  });

  it.each([
    ["steps", { ...base, limits: { steps: 3 }, usage: { ...emptyUsage(), steps: 3 } }],
    [
      "steps",
      { ...base, limits: { steps: 3 }, usage: { ...emptyUsage(), steps: 2 }, holdback: { steps: 1 } },
    ],
    ["modelCalls", { ...base, limits: { modelCalls: 2 }, usage: { ...emptyUsage(), modelCalls: 2 } }],
    ["toolCalls", { ...base, limits: { toolCalls: 5 }, usage: { ...emptyUsage(), toolCalls: 5 } }],
    [
      "wallClockMs",
      { ...base, limits: { wallClockMs: 10_000 }, elapsedMs: 9_000, terminationSliceMs: 1_000 },
    ],
  ] as const)("stops when %s is used up", (dimension, input) => {
    expect(firstStopCause(defaultStopRules, input)).toEqual({
      reason: `budget_exhausted:${dimension}`,
      dimension,
    });
  });

  it("stops after too many failed steps in a row", () => {
    expect(firstStopCause(defaultStopRules, { ...base, consecutiveFailedSteps: 3 })).toEqual({
      reason: "step_failures",
    });
  });
});
