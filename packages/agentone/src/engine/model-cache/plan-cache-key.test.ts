import { describe, expect, it } from "vitest";
import { planCacheKey } from "./plan-cache-key.js";

const base = {
  goal: "Why does CI fail?",
  workspaceFingerprint: "abc",
  toolNames: ["read_file"],
  model: "sim-premium",
  backend: "simulated",
};

describe("planCacheKey", () => {
  it("is the same for the same goal, workspace, tools and model", () => {
    expect(planCacheKey(base)).toBe(planCacheKey({ ...base, toolNames: ["read_file"] }));
  });

  it("differs when another model or backend would write the plan, so a simulated plan never reaches a real model", () => {
    const keys = new Set([
      planCacheKey(base),
      planCacheKey({ ...base, model: "llama3.1:8b", backend: "ollama" }),
      planCacheKey({ ...base, backend: "openai" }),
      planCacheKey({ ...base, model: "sim-standard" }),
    ]);
    expect(keys.size).toBe(4);
  });
});
