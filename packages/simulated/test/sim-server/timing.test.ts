import { VirtualClock } from "agentone";
import { describe, expect, it } from "vitest";
import { ScaledClock } from "../../src/sim-server/index.js";
import { type Json, postJson, readJson, startSimServer } from "./sim-server-harness.js";

describe("ScaledClock", () => {
  it("sleeps ms × timeScale on the clock under it", async () => {
    const under = new VirtualClock({ start: 0 });
    const clock = new ScaledClock({ timeScale: 0.5, clock: under });
    await clock.sleep(1000);
    expect(under.now()).toBe(500);
    expect(clock.now()).toBe(500);
  });

  it("never waits at time scale 0, but still honours an aborted signal", async () => {
    const under = new VirtualClock({ start: 0 });
    const clock = new ScaledClock({ timeScale: 0, clock: under });
    await clock.sleep(60_000);
    expect(under.now()).toBe(0);
    await expect(clock.sleep(10, AbortSignal.abort(new Error("gone")))).rejects.toThrow("gone");
  });

  it("refuses a negative or non-finite scale", () => {
    expect(() => new ScaledClock({ timeScale: -1 })).toThrow(RangeError);
    expect(() => new ScaledClock({ timeScale: Number.NaN })).toThrow(RangeError);
  });
});

/** A clock under the scaling that records how long the server asks to wait, and waits not at all. */
class RecordingClock extends VirtualClock {
  readonly sleeps: number[] = [];
  override sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return super.sleep(ms, signal);
  }
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

// Timing is checked on the waits the server asks for (deterministic), not on the wall clock.
describe("sim-server latency", () => {
  it("waits the simulated latency times the time scale, and spreads a stream over it", async () => {
    const timeScale = 0.02;
    const clock = new RecordingClock({ start: 0 });
    const server = await startSimServer({ timeScale, clock });
    try {
      // One seed for both requests, so both draw the same latency.
      const request = {
        model: "sim-local",
        messages: [{ role: "user", content: "What failed?" }],
        options: { seed: 7 },
      };
      const whole: Json = await readJson(
        await postJson(`${server.url}/api/chat`, { ...request, stream: false }),
      );
      expect(sum(clock.sleeps)).toBeCloseTo((whole.total_duration / 1e6) * timeScale, 0);
      clock.sleeps.length = 0;
      const streamed = await postJson(`${server.url}/api/chat`, request);
      await streamed.text();
      const firstTokenMs = ((whole.load_duration + whole.prompt_eval_duration) / 1e6) * timeScale;
      expect(clock.sleeps[0]).toBeCloseTo(firstTokenMs, 0);
      // The generation time is spread over several frames, not spent in one wait.
      expect(clock.sleeps.length).toBeGreaterThan(2);
      expect(sum(clock.sleeps.slice(1))).toBeCloseTo((whole.eval_duration / 1e6) * timeScale, 0);
    } finally {
      await server.close();
    }
  });
});
