import { describe, expect, it } from "vitest";
import type { RunReport } from "../../src/report/run-report.js";
import { cliHarness } from "../support/cli-harness.js";

describe("agentone run with routing flags", () => {
  it("--quality fast plans on the standard tier and prints each step's decision and reason", async () => {
    const cli = await cliHarness();
    try {
      const result = await cli.run(
        "run",
        "--workspace",
        "examples/ci-failure",
        "--quality",
        "fast",
        "--max-steps",
        "4",
      );
      expect(result.stdout).toMatch(/step {2}1 {2}plan {6}sim-standard .* plan_preferred_standard/);
      expect(result.stdout).toMatch(/step {2}2 {2}act {7}sim-cheap .* act_preferred_cheap/);
    } finally {
      await cli.cleanup();
    }
  });

  it("--sla-seconds routes steps to tiers predicted to answer in time, and the report counts it", async () => {
    const cli = await cliHarness();
    try {
      const result = await cli.run(
        "run",
        "--workspace",
        "examples/ci-failure",
        "--sla-seconds",
        "8",
        "--json",
      );
      const report = JSON.parse(result.stdout) as RunReport;
      expect(report.decisions[0]?.reason).toBe("plan_sla_constrained_standard");
      expect(report.sla.violationsPrevented).toBeGreaterThanOrEqual(1);
      expect(report.sla.steps).toBe(report.usage.steps);
      expect(report.downgrades[0]).toMatchObject({ preferredTier: "premium", tier: "standard" });
    } finally {
      await cli.cleanup();
    }
  });
});
