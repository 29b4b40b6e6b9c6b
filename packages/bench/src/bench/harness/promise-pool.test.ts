import { describe, expect, it } from "vitest";
import { runPool } from "./promise-pool.js";

/** A promise with its resolver, so a test decides when each call finishes. */
function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe("runPool", () => {
  it("keeps at most `concurrency` calls in flight and returns results in the items' order", async () => {
    const gates = [deferred(), deferred(), deferred(), deferred()];
    let inFlight = 0;
    let most = 0;
    const started: number[] = [];
    const pool = runPool({
      items: [0, 1, 2, 3],
      concurrency: 2,
      worker: async (item) => {
        started.push(item);
        inFlight++;
        most = Math.max(most, inFlight);
        await gates[item]?.promise;
        inFlight--;
        return item * 10;
      },
    });
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    gates[1]?.resolve();
    gates[3]?.resolve();
    gates[2]?.resolve();
    gates[0]?.resolve();
    expect(await pool).toEqual([0, 10, 20, 30]);
    expect(most).toBe(2);
  });

  it("starts nothing new after a failure and rejects with it once the calls in flight settle", async () => {
    const started: number[] = [];
    const pool = runPool({
      items: [0, 1, 2, 3, 4],
      concurrency: 2,
      worker: async (item) => {
        started.push(item);
        if (item === 1) throw new Error("unit 1 broke");
        return item;
      },
    });
    await expect(pool).rejects.toThrow("unit 1 broke");
    expect(started).not.toContain(4);
  });

  it("handles no items, and fewer items than lanes", async () => {
    expect(await runPool({ items: [], concurrency: 3, worker: async () => 1 })).toEqual([]);
    expect(
      await runPool({ items: ["a"], concurrency: 3, worker: async (item) => item.toUpperCase() }),
    ).toEqual(["A"]);
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses a concurrency of %s", async (concurrency) => {
    await expect(runPool({ items: [1], concurrency, worker: async () => 1 })).rejects.toThrow(RangeError);
  });
});
