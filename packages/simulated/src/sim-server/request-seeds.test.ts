import type { ModelRequest } from "agentone";
import { describe, expect, it } from "vitest";
import { choiceSeed, createRequestSeeds } from "./request-seeds.js";

const request = (goal: string, port = 41000): Omit<ModelRequest, "seed" | "signal"> => ({
  model: "sim-cheap",
  maxOutputTokens: 100,
  tools: [],
  messages: [
    { role: "system", content: "Current step: act." },
    { role: "user", content: `${goal} The API is at http://127.0.0.1:${port}.` },
  ],
});

describe("createRequestSeeds", () => {
  it("gives each retry of the same request a new seed", () => {
    const seeds = createRequestSeeds(7);
    const retries = Array.from({ length: 20 }, () => seeds.derive(request("Fix the test.")));
    expect(new Set(retries).size).toBe(20);
  });

  it("derives the same sequence on a fresh server with the same seed, another with another", () => {
    const sequence = (serverSeed: number) => {
      const seeds = createRequestSeeds(serverSeed);
      return [
        seeds.derive(request("Fix the test.")),
        seeds.derive(request("Triage the CI failure.")),
        seeds.derive(request("Fix the test.")),
      ];
    };
    expect(sequence(7)).toEqual(sequence(7));
    expect(sequence(8)).not.toEqual(sequence(7));
  });

  it("counts retries per request: other requests in between do not change a request's seeds", () => {
    const alone = createRequestSeeds(7);
    const first = alone.derive(request("Fix the test."));
    const second = alone.derive(request("Fix the test."));
    const interleaved = createRequestSeeds(7);
    interleaved.derive(request("Triage the CI failure."));
    expect(interleaved.derive(request("Fix the test."))).toBe(first);
    interleaved.derive(request("Update the dependency."));
    expect(interleaved.derive(request("Fix the test."))).toBe(second);
  });

  it("reads content as requestSeed does: a different local port is the same request", () => {
    const seeds = createRequestSeeds(7);
    const other = createRequestSeeds(7);
    expect(seeds.derive(request("Fix the test.", 41000))).toBe(other.derive(request("Fix the test.", 52311)));
  });
});

describe("choiceSeed", () => {
  it("keeps the request's seed for choice 0 and gives every other choice its own", () => {
    expect(choiceSeed(4, 0)).toBe(4);
    const seeds = [0, 1, 2, 3].map((index) => choiceSeed(4, index));
    expect(new Set(seeds).size).toBe(4);
    expect(choiceSeed(4, 2)).toBe(choiceSeed(4, 2));
  });
});
