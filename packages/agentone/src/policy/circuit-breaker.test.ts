import { describe, expect, it } from "vitest";
import {
  admitCall,
  type Circuit,
  circuitAt,
  closedCircuit,
  defaultCircuitBreakerSettings,
  recordOutcome,
} from "./circuit-breaker.js";

const settings = { failureThreshold: 3, coolDownMs: 10_000 };

/** The circuit after `count` consecutive failures starting from `circuit`, all at `now`. */
function fail(count: number, options: { circuit?: Circuit; now?: number } = {}): Circuit {
  let circuit = options.circuit ?? closedCircuit;
  for (let failure = 0; failure < count; failure++)
    circuit = recordOutcome(circuit, { ok: false, now: options.now ?? 1000, settings });
  return circuit;
}

const opened = fail(3, { now: 1000 });
const halfOpen = circuitAt(opened, { now: 11_000, settings });

describe("circuit breaker", () => {
  it("defaults to five failures and a thirty-second cool-down", () => {
    expect(defaultCircuitBreakerSettings).toEqual({ failureThreshold: 5, coolDownMs: 30_000 });
    const failure = { ok: false, now: 0, settings: defaultCircuitBreakerSettings };
    let circuit = closedCircuit;
    for (let count = 0; count < 4; count++) circuit = recordOutcome(circuit, failure);
    expect(circuit.state).toBe("closed");
    expect(recordOutcome(circuit, failure).state).toBe("open");
  });

  it.each([
    [0, "closed", null],
    [1, "closed", null],
    [2, "closed", null],
    [3, "open", 1000],
    [4, "open", 1000],
  ] as const)("after %i consecutive failures is %s", (count, state, openedAt) => {
    expect(fail(count)).toMatchObject({ state, openedAt, consecutiveFailures: count });
  });

  it("closes and forgets earlier failures after a success", () => {
    const recovered = recordOutcome(fail(2), { ok: true, now: 2000, settings });
    expect(recovered).toEqual(closedCircuit);
    expect(fail(2, { circuit: recovered }).state).toBe("closed");
  });

  it.each([
    ["closed", true, closedCircuit],
    ["open", false, opened],
  ] as const)("a %s circuit admits calls: %s", (_state, admitted, circuit) => {
    expect(admitCall(circuit)).toEqual({ admitted, next: circuit });
  });

  it.each([
    [1000, "open"],
    [10_999, "open"],
    [11_000, "half-open"],
    [50_000, "half-open"],
  ] as const)("an open circuit (opened at 1000, 10 s cool-down) at %i is %s", (now, state) => {
    expect(circuitAt(opened, { now, settings }).state).toBe(state);
  });

  it("leaves a closed or half-open circuit as it is", () => {
    expect(circuitAt(closedCircuit, { now: 1_000_000, settings })).toBe(closedCircuit);
    const probing = admitCall(halfOpen).next;
    expect(circuitAt(probing, { now: 1_000_000, settings })).toBe(probing);
  });

  it("lets exactly one probe through a half-open circuit", () => {
    const first = admitCall(halfOpen);
    expect(first).toMatchObject({ admitted: true, next: { state: "half-open", probeInFlight: true } });
    const second = admitCall(first.next);
    expect(second).toEqual({ admitted: false, next: first.next });
  });

  it("closes when the probe succeeds", () => {
    const probing = admitCall(halfOpen).next;
    expect(recordOutcome(probing, { ok: true, now: 12_000, settings })).toEqual(closedCircuit);
  });

  it("reopens at once, with a new cool-down, when the probe fails", () => {
    const probing = admitCall(halfOpen).next;
    const reopened = recordOutcome(probing, { ok: false, now: 12_000, settings });
    expect(reopened).toEqual({
      state: "open",
      consecutiveFailures: 4,
      openedAt: 12_000,
      probeInFlight: false,
    });
    expect(circuitAt(reopened, { now: 21_999, settings }).state).toBe("open");
    expect(circuitAt(reopened, { now: 22_000, settings }).state).toBe("half-open");
  });

  it("reopens on a failed probe even when the threshold is higher than the failures so far", () => {
    const lenient = { failureThreshold: 100, coolDownMs: 10_000 };
    const probing = { ...closedCircuit, state: "half-open" as const, probeInFlight: true };
    expect(recordOutcome(probing, { ok: false, now: 5, settings: lenient })).toMatchObject({
      state: "open",
      openedAt: 5,
    });
  });

  it("decides the same way for the same history", () => {
    const history = [false, false, true, false, false, false];
    const replay = () =>
      history.reduce(
        (circuit, ok, index) => recordOutcome(circuit, { ok, now: index * 100, settings }),
        closedCircuit,
      );
    expect(replay()).toEqual(replay());
    expect(replay()).toMatchObject({ state: "open", openedAt: 500, consecutiveFailures: 3 });
  });
});
