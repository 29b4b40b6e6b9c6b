import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../core/clock/index.js";
import { BackendHealth } from "./backend-health.js";

const settings = { failureThreshold: 2, coolDownMs: 1000 };

function openCircuit() {
  const clock = new VirtualClock();
  const health = new BackendHealth({ clock, settings });
  health.record({ backend: "remote", model: "m", ok: false });
  health.record({ backend: "remote", model: "m", ok: false });
  return { clock, health };
}

describe("BackendHealth", () => {
  it("opens after the threshold and lets one probe through after the cool-down", () => {
    const { clock, health } = openCircuit();
    expect(health.view().openBackends).toEqual(["remote"]);
    expect(health.admit("remote").admitted).toBe(false);
    clock.advance(1000);
    const probe = health.admit("remote");
    expect(probe).toMatchObject({ admitted: true, transition: { from: "open", to: "half-open" } });
    expect(health.admit("remote").admitted).toBe(false);
    expect(health.record({ backend: "remote", model: "m", ok: true })).toMatchObject({ to: "closed" });
  });

  it("gives the probe slot back when the probe ends without a verdict, so the circuit cannot wedge", () => {
    const { clock, health } = openCircuit();
    clock.advance(1000);
    expect(health.admit("remote").admitted).toBe(true);
    // The probe was aborted (kill switch, deadline) or refused by the budget before it was sent.
    health.releaseProbe("remote");
    expect(health.admit("remote").admitted).toBe(true);
    // A failure that says nothing about the backend (a bad request) also releases it.
    health.record({ backend: "remote", model: "m", ok: false, countsAgainstBackend: false });
    expect(health.admit("remote").admitted).toBe(true);
  });

  it("learns a model's latency against its prediction", () => {
    const health = new BackendHealth({ clock: new VirtualClock() });
    health.record({
      backend: "remote",
      model: "m",
      ok: true,
      latency: { predictedMs: 1000, actualMs: 3000 },
    });
    // An exponential moving average: 0.7 × 1 + 0.3 × 3.
    expect(health.view().latencyCorrection.m).toBeCloseTo(1.6, 10);
  });
});
