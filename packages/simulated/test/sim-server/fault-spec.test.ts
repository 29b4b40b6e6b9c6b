import { isAgentOneError } from "agentone";
import { describe, expect, it } from "vitest";
import { createFaultInjector, parseFaultSpec } from "../../src/sim-server/index.js";

function usageErrorOf(spec: string): { message: string; exitCode: number } {
  try {
    parseFaultSpec(spec);
  } catch (error) {
    if (isAgentOneError(error) && error.code === "USAGE_ERROR") return error;
    throw error;
  }
  throw new Error(`"${spec}" was accepted`);
}

describe("--faults", () => {
  it("parses kinds and rates, in order", () => {
    expect(
      parseFaultSpec("429:0.1, 500:0.05,503:0.05,529:0.05,timeout:0.02,cut:0.05,malformed-tool-call:0.05"),
    ).toEqual([
      { kind: "429", rate: 0.1 },
      { kind: "500", rate: 0.05 },
      { kind: "503", rate: 0.05 },
      { kind: "529", rate: 0.05 },
      { kind: "timeout", rate: 0.02 },
      { kind: "cut", rate: 0.05 },
      { kind: "malformed-tool-call", rate: 0.05 },
    ]);
    expect(parseFaultSpec("")).toEqual([]);
    expect(parseFaultSpec("none")).toEqual([]);
    expect(parseFaultSpec("cut:1")).toEqual([{ kind: "cut", rate: 1 }]);
  });

  it("rejects a bad entry with a usage error (exit code 2) naming it", () => {
    const cases: [string, RegExp][] = [
      ["429:0.1,boom:0.1", /bad entry "boom:0.1": unknown fault "boom" \(expected one of 429, 500/],
      ["429", /bad entry "429": expected KIND:RATE/],
      ["500:abc", /bad entry "500:abc": the rate must be a number from 0 to 1/],
      ["500:-0.1", /bad entry "500:-0.1": the rate must be a number from 0 to 1/],
      ["cut:1.5", /bad entry "cut:1.5"/],
      ["429:0.1,,cut:0.1", /bad entry "": expected KIND:RATE/],
      ["429:0.1,429:0.2", /bad entry "429:0.2": "429" is given more than once/],
      ["429:0.6,500:0.5", /the rates add up to 1.1; they must add up to at most 1/],
    ];
    for (const [spec, message] of cases) {
      const error = usageErrorOf(spec);
      expect(error.message).toMatch(/^--faults: /);
      expect(error.message).toMatch(message);
      expect(error.exitCode).toBe(2);
    }
  });

  it("accepts rates that add up to exactly 1 despite rounding", () => {
    expect(parseFaultSpec("429:0.1,500:0.2,503:0.7")).toHaveLength(3);
  });

  it("draws per request from the seed: the same sequence for the same seed, near the given rates", () => {
    const spec = parseFaultSpec("429:0.3,timeout:0.1");
    const draw = (seed: number) => {
      const next = createFaultInjector(spec, seed);
      return Array.from({ length: 1000 }, () => next()?.kind ?? "none");
    };
    const first = draw(5);
    expect(draw(5)).toEqual(first);
    expect(draw(6)).not.toEqual(first);
    const share = (kind: string) => first.filter((entry) => entry === kind).length / first.length;
    expect(share("429")).toBeGreaterThan(0.25);
    expect(share("429")).toBeLessThan(0.35);
    expect(share("timeout")).toBeGreaterThan(0.07);
    expect(share("timeout")).toBeLessThan(0.13);
  });

  it("injects always at rate 1, never at rate 0, and announces 1 to 5 s for a 429", () => {
    const always = createFaultInjector(parseFaultSpec("429:1"), 1);
    const never = createFaultInjector(parseFaultSpec("429:0"), 1);
    for (let index = 0; index < 50; index++) {
      const fault = always();
      expect(fault?.kind).toBe("429");
      expect(fault?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(fault?.retryAfterSeconds).toBeLessThanOrEqual(5);
      expect(never()).toBeNull();
    }
  });
});
