import { describe, expect, it } from "vitest";
import { checkOf, describeRubric, summarizeChecks } from "./grade-checks.js";

const essential = { name: "tests-pass", weight: 3, essential: true, meaning: "tests pass" };
const optional = { name: "small-diff", weight: 1, essential: false, meaning: "few lines" };

describe("summarizeChecks", () => {
  it("weights quality and needs every essential check for success", () => {
    const result = summarizeChecks([
      checkOf(essential, { passed: true }),
      checkOf(optional, { passed: false, detail: "40 lines" }),
    ]);
    expect(result.success).toBe(true);
    expect(result.quality).toBe(0.75);
    expect(result.explanation).toBe(
      "success; quality 0.75\npass tests-pass (essential, weight 3)\nFAIL small-diff (optional, weight 1): 40 lines",
    );
    expect(result.checks[1]).toEqual({
      name: "small-diff",
      passed: false,
      weight: 1,
      essential: false,
      detail: "40 lines",
    });
  });

  it("fails when an essential check fails, naming it", () => {
    const result = summarizeChecks([
      checkOf(essential, { passed: false }),
      checkOf(optional, { passed: true }),
    ]);
    expect(result.success).toBe(false);
    expect(result.quality).toBe(0.25);
    expect(result.explanation.split("\n")[0]).toBe("failure (tests-pass); quality 0.25");
  });

  it("never calls an empty list of checks a success", () => {
    expect(summarizeChecks([])).toMatchObject({ success: false, quality: 0 });
  });
});

describe("describeRubric", () => {
  it("lists every check with its weight and whether it is essential", () => {
    expect(describeRubric("Summary.", [essential, optional])).toBe(
      "Summary.\nQuality is the weighted share of passed checks; success requires every essential check to pass.\n" +
        "- tests-pass (weight 3, essential): tests pass\n- small-diff (weight 1): few lines",
    );
  });
});
