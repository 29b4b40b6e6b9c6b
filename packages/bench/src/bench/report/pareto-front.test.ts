import { describe, expect, it } from "vitest";
import { paretoFront } from "./pareto-front.js";

describe("paretoFront", () => {
  it("keeps the points nothing beats on cost without losing on success", () => {
    const front = paretoFront([
      { name: "local-only", cost: 0, success: 0.2 },
      { name: "cheap-only", cost: 0.005, success: 0.5 },
      { name: "standard-only", cost: 0.04, success: 0.5 },
      { name: "agentone", cost: 0.09, success: 0.83 },
      { name: "premium-only", cost: 0.7, success: 0.83 },
      { name: "thorough", cost: 1.1, success: 0.9 },
    ]);
    expect(front).toEqual(["local-only", "cheap-only", "agentone", "thorough"]);
  });

  it("keeps every point of a tie on both axes", () => {
    expect(
      paretoFront([
        { name: "a", cost: 1, success: 0.5 },
        { name: "b", cost: 1, success: 0.5 },
        { name: "c", cost: 2, success: 0.5 },
      ]),
    ).toEqual(["a", "b"]);
  });

  it("drops a point beaten on one axis and equal on the other", () => {
    expect(
      paretoFront([
        { name: "cheaper", cost: 1, success: 0.5 },
        { name: "pricier", cost: 2, success: 0.5 },
        { name: "worse", cost: 1, success: 0.4 },
      ]),
    ).toEqual(["cheaper"]);
  });

  it("handles one point and none", () => {
    expect(paretoFront([{ name: "only", cost: 3, success: 0 }])).toEqual(["only"]);
    expect(paretoFront([])).toEqual([]);
  });
});
