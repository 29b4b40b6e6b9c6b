import { describe, expect, it } from "vitest";
import { VirtualClock } from "./virtual-clock.js";

describe("VirtualClock", () => {
  it("jumps forward on sleep, instantly", async () => {
    const clock = new VirtualClock({ start: 1000 });
    await clock.sleep(30_000);
    expect(clock.now()).toBe(31_000);
  });

  it("wakes concurrent sleepers in time order, so parallel waits take the longest, not the sum", async () => {
    const clock = new VirtualClock({ start: 0 });
    const woke: [string, number][] = [];
    await Promise.all([
      clock.sleep(300).then(() => woke.push(["slow", clock.now()])),
      clock.sleep(100).then(() => woke.push(["fast", clock.now()])),
    ]);
    expect(woke).toEqual([
      ["fast", 100],
      ["slow", 300],
    ]);
  });

  it("fires a deadline that a sleep passes, aborting the sleep at the deadline", async () => {
    const clock = new VirtualClock({ start: 0 });
    const deadline = clock.deadline(500, new Error("deadline"));
    await expect(clock.sleep(2000, deadline.signal)).rejects.toThrow("deadline");
    expect(clock.now()).toBe(500);
  });

  it("does not move time for a deadline alone", async () => {
    const clock = new VirtualClock({ start: 0 });
    const deadline = clock.deadline(500, new Error("deadline"));
    await new Promise((resolve) => setImmediate(resolve));
    expect(deadline.signal.aborted).toBe(false);
    expect(clock.now()).toBe(0);
    deadline.dispose();
    await clock.sleep(1000);
    expect(deadline.signal.aborted).toBe(false);
  });

  it("rejects at once when the signal is already aborted", async () => {
    const clock = new VirtualClock({ start: 0 });
    await expect(clock.sleep(10, AbortSignal.abort(new Error("gone")))).rejects.toThrow("gone");
    expect(clock.now()).toBe(0);
  });

  it("advance() fires timers on the way", () => {
    const clock = new VirtualClock({ start: 0 });
    const deadline = clock.deadline(50, "late");
    clock.advance(100);
    expect(deadline.signal.aborted).toBe(true);
    expect(clock.now()).toBe(100);
  });
});
