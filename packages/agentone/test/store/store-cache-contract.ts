import { expect, it } from "vitest";
import type { CacheEntryInput } from "../../src/store/cache-entry.js";
import { SqlStore } from "../../src/store/sql/sql-store.js";
import { openingEvents, reserveEvent, sampleRun, timeAt, uniqueRunId } from "./sample-events.js";
import type { StoreUnderTest } from "./store-contract.js";

/** A model-namespace entry for a tenant no other test uses, created at second 0. */
function sampleEntry(overrides: Partial<CacheEntryInput> = {}): CacheEntryInput {
  return {
    namespace: "model",
    tenant: uniqueRunId("tenant"),
    key: "key-1",
    value: { text: "the answer", toolCalls: [], usage: { inputTokens: 3 } },
    sourceRunId: "run-source",
    sourceStep: 2,
    createdAt: timeAt(0),
    expiresAt: null,
    ...overrides,
  };
}

/**
 * The cache half of the store contract: entries scoped by namespace and tenant, expiry judged by the
 * caller's clock, hit counts and deletion. Called inside the contract's describe block.
 */
export function defineCacheTests(current: () => StoreUnderTest): void {
  it("stores a cache entry, counts its hits and serves it until it expires", async () => {
    const { store } = current();
    const entry = sampleEntry({ expiresAt: timeAt(10) });
    const address = { namespace: entry.namespace, tenant: entry.tenant, key: entry.key };
    await store.putCacheEntry(entry);
    expect(await store.getCacheEntry({ ...address, now: timeAt(9) })).toEqual({ ...entry, hits: 0 });
    await store.countCacheHit(address);
    await store.countCacheHit(address);
    expect(await store.getCacheEntry({ ...address, now: timeAt(9) })).toMatchObject({ hits: 2 });
    expect(await store.getCacheEntry({ ...address, now: timeAt(10) })).toBeUndefined();
    expect(await store.getCacheEntry({ ...address, now: timeAt(11) })).toBeUndefined();
    expect(await store.getCacheEntry({ ...address, key: "key-2", now: timeAt(0) })).toBeUndefined();
  });

  it("puts the entries given with an append in the same write, the last one for an address twice given", async () => {
    const { store } = current();
    const runId = uniqueRunId();
    await store.createRun(sampleRun(runId), openingEvents(runId));
    const first = sampleEntry({ sourceRunId: runId });
    const replaced = { ...first, value: "replaced within the batch" };
    const other = { ...first, key: "key-2" };
    // The store that created the run knows its head: the one-statement append carries the entries.
    await store.appendEvents(runId, [reserveEvent(runId, 2)], { cacheEntries: [first, other, replaced] });
    // Another store instance (another process) reads the head in a transaction: that write carries them too.
    const later = { ...first, key: "key-3" };
    await new SqlStore(current().executor).appendEvents(runId, [reserveEvent(runId, 3)], {
      cacheEntries: [later],
    });

    const address = { namespace: first.namespace, tenant: first.tenant };
    expect(await store.getCacheEntry({ ...address, key: "key-1", now: timeAt(1) })).toEqual({
      ...replaced,
      hits: 0,
    });
    for (const key of ["key-2", "key-3"])
      expect(await store.getCacheEntry({ ...address, key, now: timeAt(1) })).toMatchObject({ key });
  });

  it("leaves out an entry the database cannot hold or that is malformed, and writes the events", async () => {
    const { store } = current();
    const runId = uniqueRunId();
    await store.createRun(sampleRun(runId), openingEvents(runId));
    const refused = sampleEntry({ value: { text: "NUL \u0000 inside" } });
    const malformed = { ...refused, key: "key-3", value: "fine", sourceStep: 1.5 };
    const kept = { ...refused, key: "key-2", value: { text: "fine" } };

    await store.appendEvents(runId, [reserveEvent(runId, 2)], { cacheEntries: [refused, malformed, kept] });

    const address = { namespace: refused.namespace, tenant: refused.tenant, now: timeAt(1) };
    expect(await store.getCacheEntry({ ...address, key: refused.key })).toBeUndefined();
    expect(await store.getCacheEntry({ ...address, key: malformed.key })).toBeUndefined();
    expect(await store.getCacheEntry({ ...address, key: kept.key })).toMatchObject({ value: kept.value });
    expect((await store.readEvents(runId)).map((event) => event.seq)).toEqual([0, 1, 2]);
  });

  it("puts no entry when the append it came with writes nothing", async () => {
    const { store } = current();
    const runId = uniqueRunId();
    await store.createRun(sampleRun(runId), openingEvents(runId));
    const entry = sampleEntry();
    const address = { namespace: entry.namespace, tenant: entry.tenant, key: entry.key, now: timeAt(1) };

    const missing = uniqueRunId();
    await expect(
      store.appendEvents(missing, [reserveEvent(missing, 0)], { cacheEntries: [entry] }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      store.appendEvents(runId, [reserveEvent(runId, 1)], { cacheEntries: [entry] }),
    ).rejects.toThrow();
    expect(await store.getCacheEntry(address)).toBeUndefined();
    expect((await store.readEvents(runId)).map((event) => event.seq)).toEqual([0, 1]);
  });

  it("replaces an entry at the same address and starts its hit count over", async () => {
    const { store } = current();
    const first = sampleEntry({ expiresAt: timeAt(5) });
    const address = { namespace: first.namespace, tenant: first.tenant, key: first.key };
    await store.putCacheEntry(first);
    await store.countCacheHit(address);
    const second = { ...first, value: ["a", 1, null, true], sourceRunId: null, sourceStep: null };
    await store.putCacheEntry({ ...second, createdAt: timeAt(20), expiresAt: null });
    expect(await store.getCacheEntry({ ...address, now: timeAt(100) })).toEqual({
      ...second,
      createdAt: timeAt(20),
      expiresAt: null,
      hits: 0,
    });
  });

  it("keeps namespaces and tenants apart and round-trips any JSON value", async () => {
    const { store } = current();
    const model = sampleEntry({ value: "plain text" });
    const tool = { ...model, namespace: "tool" as const, value: 42 };
    const otherTenant = { ...model, tenant: uniqueRunId("tenant"), value: { nested: { list: [1.5, "x"] } } };
    for (const entry of [model, tool, otherTenant]) await store.putCacheEntry(entry);
    for (const entry of [model, tool, otherTenant]) {
      const found = await store.getCacheEntry({ ...entry, now: timeAt(1) });
      expect(found?.value).toEqual(entry.value);
    }
  });

  it("deletes listed keys or a whole scope, and nothing outside it", async () => {
    const { store } = current();
    const tenant = uniqueRunId("tenant");
    const keys = ["a", "b", "c"];
    for (const key of keys) await store.putCacheEntry(sampleEntry({ tenant, key }));
    const neighbour = sampleEntry({ tenant, key: "a", namespace: "plan" });
    await store.putCacheEntry(neighbour);
    const scope = { namespace: "model" as const, tenant };

    expect(await store.deleteCacheEntries({ ...scope, keys: ["a", "missing"] })).toBe(1);
    expect(await store.deleteCacheEntries({ ...scope, keys: [] })).toBe(0);
    expect(await store.getCacheEntry({ ...scope, key: "a", now: timeAt(1) })).toBeUndefined();
    expect(await store.getCacheEntry({ ...scope, key: "b", now: timeAt(1) })).toBeDefined();
    expect(await store.deleteCacheEntries({ ...scope, all: true })).toBe(2);
    expect(await store.getCacheEntry({ ...scope, key: "c", now: timeAt(1) })).toBeUndefined();
    expect(await store.getCacheEntry({ ...neighbour, now: timeAt(1) })).toBeDefined();
    // Counting a hit on an entry that is gone changes nothing and does not fail.
    await store.countCacheHit({ ...scope, key: "c" });
    expect(await store.getCacheEntry({ ...scope, key: "c", now: timeAt(1) })).toBeUndefined();
  });

  it("refuses malformed cache requests with one clear error and writes nothing", async () => {
    const { store } = current();
    const entry = sampleEntry();
    const refusals: [string, Promise<unknown>][] = [
      ["unknown cache namespace 'disk'", store.putCacheEntry({ ...entry, namespace: "disk" as "model" })],
      ["tenant must be a non-empty string", store.putCacheEntry({ ...entry, tenant: "" })],
      ["key must be a non-empty string", store.putCacheEntry({ ...entry, key: "" })],
      ["createdAt must be an ISO-8601 time", store.putCacheEntry({ ...entry, createdAt: "yesterday" })],
      ["expiresAt must be an ISO-8601 time", store.putCacheEntry({ ...entry, expiresAt: "soon" })],
      ["sourceStep must be a whole number", store.putCacheEntry({ ...entry, sourceStep: 1.5 })],
      ["undefined is not JSON", store.putCacheEntry({ ...entry, value: undefined })],
      ["an instance of Map", store.putCacheEntry({ ...entry, value: new Map([["a", 1]]) })],
      ["now must be an ISO-8601 time", store.getCacheEntry({ ...entry, now: "later" })],
      ["list of keys, or all: true", store.deleteCacheEntries({ ...entry } as never)],
      [
        "unknown cache namespace",
        store.deleteCacheEntries({ namespace: "x" as "tool", tenant: "t", all: true }),
      ],
    ];
    for (const [message, refusal] of refusals) {
      await expect(refusal, message).rejects.toMatchObject({
        code: "USAGE_ERROR",
        message: expect.stringContaining(message),
      });
    }
    expect(await store.getCacheEntry({ ...entry, now: timeAt(1) })).toBeUndefined();
  });
}
