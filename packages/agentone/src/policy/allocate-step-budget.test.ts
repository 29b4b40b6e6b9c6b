import { describe, expect, it } from "vitest";
import {
  allocateStepShare,
  plannedStepCount,
  reserveSteps,
  uncertainStepWeight,
} from "./allocate-step-budget.js";

describe("plannedStepCount", () => {
  it.each([
    ["1. read the file\n2. edit it\n3. run the tests", 3],
    ["1) read\n2) edit", 2],
    ["Plan:\n  1. read\n  2) edit\nThen answer.", 2],
    ["9. one\n10. two\n11. three", 3],
    ["1. read\n- a bullet\n2. edit", 2],
    ["- read\n- edit", null],
    ["1.read without a space\n2)edit", null],
    ["1.\n2. ", null],
    ["Step 1. read\nsee item 2) below", null],
    ["", null],
    [null, null],
  ])("counts %j as %s", (plan, count) => {
    expect(plannedStepCount(plan)).toBe(count);
  });
});

describe("allocateStepShare", () => {
  const base = {
    availableNanoUsd: 1_000_000_000,
    plannedSteps: 5,
    stepsTakenSincePlan: 1,
    stepsLeft: 40,
    uncertain: false,
  };

  it("keeps two steps in reserve and weighs an uncertain step one and a half shares", () => {
    expect(reserveSteps).toBe(2);
    expect(uncertainStepWeight).toBe(1.5);
  });

  it.each([
    ["splits over the plan's remaining steps plus the reserve", {}, 166_666_666],
    ["shares among fewer steps as the plan advances", { stepsTakenSincePlan: 4 }, 333_333_333],
    ["counts at least one step left when the plan is overrun", { stepsTakenSincePlan: 9 }, 333_333_333],
    ["splits over the steps the step budget still allows", { stepsLeft: 2 }, 500_000_000],
    ["gives everything when one step is left", { stepsLeft: 1 }, 1_000_000_000],
    ["gives everything when the step budget is used up", { stepsLeft: 0 }, 1_000_000_000],
    ["ignores a step budget larger than the plan", { stepsLeft: 1000 }, 166_666_666],
    ["ignores an unlimited step budget", { stepsLeft: null }, 166_666_666],
    ["gives an uncertain step one and a half shares", { uncertain: true }, 250_000_000],
    ["never gives an uncertain step more than there is", { uncertain: true, stepsLeft: 1 }, 1_000_000_000],
    [
      "gives an uncertain step three quarters when two steps are left",
      { uncertain: true, stepsLeft: 2 },
      750_000_000,
    ],
    ["rounds down to whole nano-dollars", { availableNanoUsd: 10 }, 1],
    ["gives nothing when nothing is left", { availableNanoUsd: 0 }, 0],
    ["gives nothing when the budget is overdrawn", { availableNanoUsd: -5_000 }, 0],
    ["is null when dollars are unlimited", { availableNanoUsd: null }, null],
    ["is null when no plan tells how many steps remain", { plannedSteps: null }, null],
  ] as const)("%s", (_name, overrides, share) => {
    expect(allocateStepShare({ ...base, ...overrides })).toBe(share);
  });

  it("never hands out more than is available", () => {
    for (const plannedSteps of [1, 2, 5, 20])
      for (const stepsTakenSincePlan of [0, 1, 5, 30])
        for (const stepsLeft of [null, 0, 1, 2, 3, 50])
          for (const uncertain of [false, true]) {
            const share = allocateStepShare({
              ...base,
              plannedSteps,
              stepsTakenSincePlan,
              stepsLeft,
              uncertain,
            });
            expect(share).toBeGreaterThan(0);
            expect(share).toBeLessThanOrEqual(base.availableNanoUsd);
          }
  });
});
