import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { defaultBudgetLimits } from "../core/budget-limits.js";
import {
  defaultLimitsFor,
  qualityBudgets,
  qualityPresets,
  type RoutingPolicyInput,
  resolveRoutingPolicy,
} from "./routing-policy.js";

/** The issues a policy is rejected with, as paths and messages. */
function rejection(input: unknown): { path: PropertyKey[]; message: string; keys?: string[] }[] {
  try {
    resolveRoutingPolicy(input as RoutingPolicyInput);
  } catch (error) {
    expect(error).toBeInstanceOf(ZodError);
    return (error as ZodError).issues.map((issue) => ({
      path: issue.path,
      message: issue.message,
      ...("keys" in issue ? { keys: issue.keys } : {}),
    }));
  }
  throw new Error("the policy was accepted");
}

describe("resolveRoutingPolicy", () => {
  it("fills in the balanced preset and the defaults", () => {
    expect(resolveRoutingPolicy()).toEqual({
      quality: "balanced",
      tiers: {
        plan: ["premium", "standard", "cheap"],
        replan: ["premium", "standard", "cheap"],
        act: ["standard", "cheap"],
        final: ["standard", "cheap"],
        summarize: ["cheap", "standard", "premium"],
      },
      lowBudgetFraction: 0.2,
      latencySlaMs: {},
      replanEvery: 8,
      verifyAfterEdit: false,
      adaptiveBudget: true,
      maxToolCallsPerTurn: 128,
      fallback: { chains: {}, toLocal: true, attemptsPerModel: 3 },
      retry: { baseDelayMs: 500, maxDelayMs: 30_000, maxServerWaitMs: 60_000, maxAttemptsPerStep: 10 },
      rules: [],
    });
    expect(resolveRoutingPolicy({})).toEqual(resolveRoutingPolicy());
  });

  it.each([
    ["fast", 0, false],
    ["balanced", 8, false],
    ["thorough", 4, true],
  ] as const)("applies the %s preset", (quality, replanEvery, verifyAfterEdit) => {
    expect(resolveRoutingPolicy({ quality })).toMatchObject({
      quality,
      tiers: qualityPresets[quality].tiers,
      replanEvery,
      verifyAfterEdit,
    });
  });

  it("lets what the policy states win over its preset", () => {
    const policy = resolveRoutingPolicy({
      quality: "thorough",
      tiers: { act: ["cheap"] },
      replanEvery: 2,
      verifyAfterEdit: false,
      lowBudgetFraction: 0.5,
      adaptiveBudget: false,
      latencySlaMs: { act: 8000 },
      fallback: { toLocal: false },
      retry: { maxDelayMs: 1000 },
    });
    expect(policy).toMatchObject({
      quality: "thorough",
      tiers: { ...qualityPresets.thorough.tiers, act: ["cheap"] },
      replanEvery: 2,
      verifyAfterEdit: false,
      lowBudgetFraction: 0.5,
      adaptiveBudget: false,
      latencySlaMs: { act: 8000 },
      fallback: { chains: {}, toLocal: false, attemptsPerModel: 3 },
      retry: { baseDelayMs: 500, maxDelayMs: 1000, maxServerWaitMs: 60_000 },
    });
  });

  it("keeps chains and rules, giving a rule without conditions an empty `when`", () => {
    const policy = resolveRoutingPolicy({
      fallback: { chains: { "sim-premium": ["sim-standard", "sim-cheap"] } },
      rules: [{ name: "long_context", use: { model: "sim-standard" } }],
    });
    expect(policy.fallback.chains).toEqual({ "sim-premium": ["sim-standard", "sim-cheap"] });
    expect(policy.rules).toEqual([{ name: "long_context", when: {}, use: { model: "sim-standard" } }]);
  });

  it.each([
    ["an unknown key", { speed: "max" }, [], "speed"],
    ["an unknown nested key", { fallback: { toRemote: true } }, ["fallback"], "toRemote"],
    ["an unknown step kind", { tiers: { think: ["premium"] } }, ["tiers"], "think"],
    [
      "an unknown rule condition",
      { rules: [{ name: "x", when: { hour: 3 }, use: { tiers: ["cheap"] } }] },
      ["rules", 0, "when"],
      "hour",
    ],
  ])("rejects %s, naming it", (_name, input, path, key) => {
    expect(rejection(input)).toEqual([expect.objectContaining({ path, keys: [key] })]);
  });

  it.each([
    ["an unknown quality", { quality: "best" }, ["quality"]],
    ["an unknown tier", { tiers: { act: ["ultra"] } }, ["tiers", "act", 0]],
    ["an empty tier list", { tiers: { plan: [] } }, ["tiers", "plan"]],
    ["a fraction above 1", { lowBudgetFraction: 1.5 }, ["lowBudgetFraction"]],
    ["a negative fraction", { lowBudgetFraction: -0.1 }, ["lowBudgetFraction"]],
    ["a zero SLA", { latencySlaMs: { act: 0 } }, ["latencySlaMs", "act"]],
    ["a fractional SLA", { latencySlaMs: { plan: 1.5 } }, ["latencySlaMs", "plan"]],
    ["a negative replan interval", { replanEvery: -1 }, ["replanEvery"]],
    ["no attempts per model", { fallback: { attemptsPerModel: 0 } }, ["fallback", "attemptsPerModel"]],
    ["too many attempts per model", { fallback: { attemptsPerModel: 11 } }, ["fallback", "attemptsPerModel"]],
    [
      "an empty chain",
      { fallback: { chains: { "sim-premium": [] } } },
      ["fallback", "chains", "sim-premium"],
    ],
    ["a zero retry delay", { retry: { baseDelayMs: 0 } }, ["retry", "baseDelayMs"]],
    ["a rule without tiers or model", { rules: [{ name: "x", use: {} }] }, ["rules", 0, "use"]],
    [
      "a rule with an empty tier list",
      { rules: [{ name: "x", use: { tiers: [] } }] },
      ["rules", 0, "use", "tiers"],
    ],
    [
      "a rule with an upper-case name",
      { rules: [{ name: "Long", use: { tiers: ["cheap"] } }] },
      ["rules", 0, "name"],
    ],
    [
      "a rule for an unknown kind",
      { rules: [{ name: "x", when: { kinds: ["think"] }, use: { model: "m" } }] },
      ["rules", 0, "when", "kinds", 0],
    ],
    [
      "a rule's fraction above 1",
      { rules: [{ name: "x", when: { usdRemainingBelow: 2 }, use: { model: "m" } }] },
      ["rules", 0, "when", "usdRemainingBelow"],
    ],
    [
      "a rule's negative context size",
      { rules: [{ name: "x", when: { contextTokensAtLeast: -1 }, use: { model: "m" } }] },
      ["rules", 0, "when", "contextTokensAtLeast"],
    ],
  ])("rejects %s at its path", (_name, input, path) => {
    expect(rejection(input)).toEqual([expect.objectContaining({ path })]);
  });

  it.each([
    ["an empty tier list", { tiers: { plan: [] } }, "list at least one tier"],
    ["a rule without tiers or model", { rules: [{ name: "x", use: {} }] }, "give `tiers` or `model`"],
    [
      "a rule's bad name",
      { rules: [{ name: "a-b", use: { model: "m" } }] },
      "use lower-case letters, digits and underscores",
    ],
  ])("explains %s", (_name, input, message) => {
    expect(rejection(input)).toEqual([expect.objectContaining({ message })]);
  });

  it("reports every problem at once", () => {
    expect(rejection({ lowBudgetFraction: 2, replanEvery: -1 }).map(({ path }) => path)).toEqual([
      ["lowBudgetFraction"],
      ["replanEvery"],
    ]);
  });
});

describe("defaultLimitsFor", () => {
  it.each([
    ["fast", 0.5, 25],
    ["balanced", 2, 50],
    ["thorough", 5, 80],
  ] as const)("gives a %s run $%s and %i steps on top of the defaults", (quality, usd, steps) => {
    expect(qualityBudgets[quality]).toEqual({ usd, steps });
    expect(defaultLimitsFor(quality)).toEqual({ ...defaultBudgetLimits, usd, steps });
  });

  it("defaults to balanced", () => {
    expect(defaultLimitsFor()).toEqual(defaultLimitsFor("balanced"));
  });
});
