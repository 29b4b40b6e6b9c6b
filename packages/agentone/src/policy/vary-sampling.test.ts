import { describe, expect, it } from "vitest";
import { varySampling } from "./vary-sampling.js";

describe("varySampling", () => {
  it("moves the seed on each retry and keeps a non-zero temperature", () => {
    expect(varySampling({ seed: 42, temperature: 0.7 }, 1)).toEqual({
      sampling: { seed: 43, temperature: 0.7 },
      variation: "model_output:new_seed",
    });
    expect(varySampling({ seed: 42, temperature: 0.7 }, 2).sampling.seed).toBe(44);
  });

  it("raises a temperature of 0, since greedy decoding ignores the seed and repeats its output", () => {
    expect(varySampling({ seed: 7, temperature: 0 }, 1)).toEqual({
      sampling: { seed: 8, temperature: 0.3 },
      variation: "model_output:raised_temperature",
    });
    expect(varySampling({ temperature: 0 }, 5).sampling.temperature).toBe(1);
  });

  it("sends a seed where none was set, leaving the server's default temperature", () => {
    expect(varySampling({}, 1)).toEqual({ sampling: { seed: 1 }, variation: "model_output:new_seed" });
  });
});
