import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/core/clock/index.js";
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

describe("sim-server latency", () => {
  it("takes the simulated latency times the time scale, and spreads a stream over it", async () => {
    const timeScale = 0.02;
    const server = await startSimServer({ timeScale });
    try {
      const request = { model: "sim-local", messages: [{ role: "user", content: "What failed?" }] };
      let started = performance.now();
      const whole: Json = await readJson(
        await postJson(`${server.url}/api/chat`, { ...request, stream: false }),
      );
      const expectedMs = (whole.total_duration / 1e6) * timeScale;
      expect(performance.now() - started).toBeGreaterThanOrEqual(expectedMs * 0.9);

      started = performance.now();
      const response = await postJson(`${server.url}/api/chat`, request);
      const reader = response.body?.getReader();
      const arrivals: number[] = [];
      for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read())
        arrivals.push(performance.now() - started);
      const firstTokenMs = (whole.load_duration / 1e6 + whole.prompt_eval_duration / 1e6) * timeScale;
      expect(arrivals[0]).toBeGreaterThanOrEqual(firstTokenMs * 0.9 - 2);
      expect((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(
        (whole.eval_duration / 1e6) * timeScale * 0.8,
      );
    } finally {
      await server.close();
    }
  });
});
