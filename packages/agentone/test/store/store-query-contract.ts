import { expect, it } from "vitest";
import {
  openingEvents,
  runStartEvent,
  sampleRun,
  timeAt,
  transitionEvent,
  uniqueRunId,
} from "./sample-events.js";
import type { StoreUnderTest } from "./store-contract.js";

/**
 * The lookup half of the store contract: resolving ids, listing, and reading back what was stored. Called
 * inside the contract's describe block, whose beforeEach provides a fresh store under test.
 */
export function defineQueryTests(current: () => StoreUnderTest): void {
  it("resolves exact ids and unique prefixes", async () => {
    const { store } = current();
    const prefix = uniqueRunId("resolve");
    const ids = [`${prefix}-aaa1`, `${prefix}-aaa2`, `${prefix}-b_c`, `${prefix}-a`];
    for (const id of ids) await store.createRun(sampleRun(id), [runStartEvent(id)]);
    expect(await store.resolveRunId(`${prefix}-a`)).toBe(`${prefix}-a`);
    expect(await store.resolveRunId(`${prefix}-aaa2`)).toBe(`${prefix}-aaa2`);
    expect(await store.resolveRunId(`${prefix}-b`)).toBe(`${prefix}-b_c`);
    await expect(store.resolveRunId(`${prefix}-aa`)).rejects.toMatchObject({
      code: "USAGE_ERROR",
      message: expect.stringMatching(new RegExp(`${prefix}-aaa1, ${prefix}-aaa2`)),
    });
    await expect(store.resolveRunId(`${prefix}-z`)).rejects.toMatchObject({ code: "NOT_FOUND" });
    // `_` and `%` are literal characters in a prefix, not wildcards.
    await expect(store.resolveRunId(`${prefix}-_`)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(store.resolveRunId(`${prefix}%`)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("lists runs newest first, up to the limit", async () => {
    const { store } = current();
    // Far-future times put these runs ahead of any other run a shared database holds.
    const start = "2999-01-01T00:00:00.000Z";
    const ids = [0, 1, 2].map((offset) => {
      const id = uniqueRunId("list");
      return { id, createdAt: timeAt(offset, start) };
    });
    for (const { id, createdAt } of ids) {
      await store.createRun(sampleRun(id, { createdAt, updatedAt: createdAt }), [runStartEvent(id)]);
    }
    const listed = await store.listRuns({ limit: 2 });
    expect(listed.map((run) => run.id)).toEqual([ids[2]?.id, ids[1]?.id]);
    await expect(store.listRuns({ limit: 0 })).rejects.toMatchObject({ code: "USAGE_ERROR" });
  });

  it("lists at most 50 runs by default", async () => {
    const { store } = current();
    for (let index = 0; index < 51; index += 1) {
      const id = uniqueRunId("many");
      await store.createRun(sampleRun(id), [runStartEvent(id)]);
    }
    expect(await store.listRuns()).toHaveLength(50);
  });

  it("rejects an event written with a future schema version", async () => {
    const { store, executor } = current();
    const runId = uniqueRunId();
    await store.createRun(sampleRun(runId), openingEvents(runId));
    const future = { ...transitionEvent(runId, 2), schemaVersion: 2 };
    await executor.query(
      "insert into events (run_id, seq, type, schema_version, at, payload) values ($1, 2, $2, 2, $3, $4::jsonb)",
      [runId, future.type, future.at, JSON.stringify(future)],
    );
    await expect(store.readEvents(runId)).rejects.toMatchObject({
      code: "EVENT_SCHEMA_ERROR",
      message: expect.stringContaining("schema version 2"),
    });
  });
}
