import { describe, expect, it } from "vitest";
import { classifySettlement } from "./usage-anomaly.js";

const within = {
  requestedMaxOutputTokens: 5000,
  estimatedInputTokens: 900,
  reportedInputTokens: 950,
  reportedOutputTokens: 4000,
};

describe("classifySettlement", () => {
  it("accepts usage the request explains, including one stop token over the maximum", () => {
    expect(classifySettlement(within)).toEqual([]);
    expect(classifySettlement({ ...within, reportedOutputTokens: 5001 })).toEqual([]);
  });

  it("flags output above the requested maximum", () => {
    expect(classifySettlement({ ...within, reportedOutputTokens: 195_000 })).toEqual([
      { kind: "output_over_max", reported: 195_000, allowed: 5001 },
    ]);
  });

  it("flags input far above the estimate but not ordinary estimation error", () => {
    expect(classifySettlement({ ...within, reportedInputTokens: 4 * 900 + 1024 })).toEqual([]);
    expect(classifySettlement({ ...within, reportedInputTokens: 1_000_000 })).toEqual([
      { kind: "input_over_estimate", reported: 1_000_000, allowed: 4624 },
    ]);
  });
});
