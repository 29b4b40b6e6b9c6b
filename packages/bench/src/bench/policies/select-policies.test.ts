import { UsageError } from "agentone";
import { describe, expect, it } from "vitest";
import { ablationPolicies } from "./ablation-policies.js";
import { allPolicies, quickPolicyNames, selectPolicies } from "./select-policies.js";

const names = (policies: { name: string }[]) => policies.map((policy) => policy.name);

describe("selectPolicies", () => {
  it("runs the main comparison when nothing is named", () => {
    expect(names(selectPolicies({}))).toEqual([
      "premium-only",
      "standard-only",
      "cheap-only",
      "local-only",
      "static-by-kind",
      "cascade",
      "agentone",
    ]);
  });

  it("runs the quick pair with --quick and nothing named", () => {
    expect(names(selectPolicies({ quick: true }))).toEqual([...quickPolicyNames]);
  });

  it("adds every arm of a named ablation to the named policies, once, in catalogue order", () => {
    expect(
      names(selectPolicies({ names: ["quality-fast", "cheap-only"], ablations: ["quality"], quick: true })),
    ).toEqual(["cheap-only", "quality-fast", "quality-balanced", "quality-thorough"]);
  });

  it("takes `all` for every ablation", () => {
    const all = names(selectPolicies({ ablations: ["all"] }));
    expect(all).toEqual(names(Object.values(ablationPolicies).flat()));
    expect(all).toContain("budget-25-hard-stop");
    expect(all).toContain("cache-on");
  });

  it("has unique, lower-case policy names", () => {
    const catalogue = names(allPolicies());
    expect(new Set(catalogue).size).toBe(catalogue.length);
    for (const name of catalogue) expect(name).toMatch(/^[a-z0-9-]+$/);
  });

  it("refuses an unknown policy, naming it and the known ones", () => {
    expect(() => selectPolicies({ names: ["agentone", "premium-onyl"] })).toThrow(UsageError);
    expect(() => selectPolicies({ names: ["premium-onyl"] })).toThrow(
      /unknown policy premium-onyl; known policys?: premium-only/,
    );
  });

  it("refuses an unknown ablation, naming the known ones", () => {
    expect(() => selectPolicies({ ablations: ["speed"] })).toThrow(UsageError);
    expect(() => selectPolicies({ ablations: ["speed"] })).toThrow(/known ablations: termination/);
  });
});
