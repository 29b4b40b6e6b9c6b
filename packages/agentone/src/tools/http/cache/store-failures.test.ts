import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CacheStore } from "../../../cache/tiered-cache.js";
import { VirtualClock } from "../../../core/clock/index.js";
import { createStoreCaches } from "../../../engine/model-cache/store-caches.js";
import { createTestStore } from "../../../testing/test-store.js";
import type { ToolCacheStore } from "../../tool.js";
import { createHttpRequestTool } from "../http-request-tool.js";

// The engine's own tool store (an in-memory LRU in front of a real PGlite store), whose store writes can
// be made to fail: the TieredCache then absorbs the failure and keeps the value in memory only.
let server: Server;
let origin: string;
let requests: string[];
let answer: { cacheControl: string; body: string };
let clock: VirtualClock;
let database: Awaited<ReturnType<typeof createTestStore>>;
let storeWritesFail: boolean;

beforeEach(async () => {
  requests = [];
  answer = { cacheControl: "max-age=600", body: "version 1" };
  clock = new VirtualClock();
  database = await createTestStore();
  storeWritesFail = false;
  server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      requests.push(`${request.method} ${request.url}`);
      if (request.method === "GET") response.writeHead(200, { "cache-control": answer.cacheControl });
      else response.writeHead(204);
      response.end(request.method === "GET" ? answer.body : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await database.close();
});

/** One process's view of the shared store: its own memory tier. */
function processCache(): ToolCacheStore {
  const store: CacheStore = {
    getCacheEntry: (lookup) => database.getCacheEntry(lookup),
    putCacheEntry: (entry) =>
      storeWritesFail ? Promise.reject(new Error("store down")) : database.putCacheEntry(entry),
    deleteCacheEntries: (selection) => database.deleteCacheEntries(selection),
    countCacheHit: (address) => database.countCacheHit(address),
  };
  const cache = createStoreCaches({ store, clock }).toolStore("http_request");
  if (cache === null) throw new Error("tool caching is off");
  return cache;
}

function call(cache: ToolCacheStore, method: string, headers?: Record<string, string>) {
  const tool = createHttpRequestTool({ allowedHosts: ["127.0.0.1"], allowPrivateAddresses: true });
  const input = tool.inputSchema.parse({ method, url: `${origin}/items/1`, headers });
  const signal = new AbortController().signal;
  return tool.execute(input, {
    workspaceRoot: tmpdir(),
    signal,
    clock,
    idempotencyKey: "run-1:1:call-1",
    cache,
  });
}

describe("the HTTP cache over the engine's tiered store", () => {
  it("a write seen by another process: its GET is stale there too, whatever its headers", async () => {
    const reader = processCache();
    await call(reader, "GET", { Accept: "application/json" });
    await call(processCache(), "PUT");
    const after = await call(reader, "GET", { Accept: "application/json" });
    expect(after.metadata).toMatchObject({ cache: "miss" });
    expect(requests).toEqual(["GET /items/1", "PUT /items/1", "GET /items/1"]);
  });

  it("when the store write fails, this process still hides the superseded entry and the written URL's", async () => {
    const cache = processCache();
    await call(cache, "GET");
    storeWritesFail = true;
    answer = { cacheControl: "no-store", body: "version 2" };
    expect((await call(cache, "GET", { "Cache-Control": "no-cache" })).content).toContain("version 2");
    // Past the removal marker's old 1 ms life: the old row is still in the store, and must stay hidden.
    clock.advance(1000);
    const superseded = await call(cache, "GET");
    expect(superseded.metadata).toMatchObject({ cache: "miss" });
    expect(superseded.content).toContain("version 2");

    storeWritesFail = false;
    answer = { cacheControl: "max-age=600", body: "version 3" };
    await call(cache, "GET");
    storeWritesFail = true;
    await call(cache, "DELETE");
    clock.advance(1000);
    expect((await call(cache, "GET")).metadata).toMatchObject({ cache: "miss" });
    expect(requests.filter((request) => request === "GET /items/1")).toHaveLength(5);
  });
});
