import { describe, expect, it } from "vitest";
import { sampleRecord } from "../../../test/bench/support/sample-record.js";
import { createBenchProgress, formatDuration } from "./bench-progress.js";

function recorder() {
  let now = 0;
  const output: string[] = [];
  return {
    output,
    advance: (milliseconds: number) => {
      now += milliseconds;
    },
    options: { write: (text: string) => output.push(text), now: () => now },
  };
}

describe("createBenchProgress", () => {
  it("writes one line per finished run with an ETA when not on a terminal", () => {
    const clock = recorder();
    const progress = createBenchProgress({ ...clock.options, interactive: false });
    progress.planned(4);
    clock.advance(10_000);
    progress.finished([
      sampleRecord({ costUsd: 0.0123, latency: { runMs: 14_200, modelCallP50Ms: 0, modelCallP90Ms: 0 } }),
    ]);
    clock.advance(10_000);
    progress.finished([sampleRecord({ policy: "cheap-only", seed: 2, success: false, quality: 0.5 })]);
    progress.close();
    expect(clock.output).toEqual([
      "[1/4] triage-ci · agentone · seed 1: success (quality 1.00), $0.0123, 14.2 s · ETA 30s\n",
      "[2/4] triage-ci · cheap-only · seed 2: failure (quality 0.50), $0.0500, 20.0 s · ETA 20s\n",
    ]);
  });

  it("names harness errors and later passes", () => {
    const clock = recorder();
    const progress = createBenchProgress({ ...clock.options, interactive: false });
    progress.planned(1);
    progress.finished([sampleRecord({ pass: 2, success: false, error: "grader crashed" })]);
    expect(clock.output[0]).toContain("agentone (pass 2) · seed 1: error: grader crashed");
  });

  it("redraws one bar in place on a terminal and ends it with a newline", () => {
    const clock = recorder();
    const progress = createBenchProgress({ ...clock.options, interactive: true });
    progress.planned(2);
    clock.advance(65_000);
    progress.finished([sampleRecord()]);
    progress.close();
    expect(clock.output[0]).toMatch(/^\r\[-{24}\] 0\/2 runs, 0 succeeded, 0s elapsed, ETA --/);
    expect(clock.output[1]).toMatch(/^\r\[#{12}-{12}\] 1\/2 runs, 1 succeeded, 1m05s elapsed, ETA 1m05s/);
    expect(clock.output.at(-1)).toBe("\n");
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [42_400, "42s"],
    [185_000, "3m05s"],
    [3_720_000, "1h02m"],
  ])("%i ms is %s", (milliseconds, text) => {
    expect(formatDuration(milliseconds)).toBe(text);
  });
});
