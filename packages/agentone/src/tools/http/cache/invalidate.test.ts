import {
  createServer,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { VirtualClock } from "../../../core/clock/index.js";
import { MemoryToolCacheStore } from "../../../testing/memory-tool-cache-store.js";
import type { FinalResponse } from "../follow-redirects.js";
import { createHttpRequestTool } from "../http-request-tool.js";
import { maxFreshnessMs, maxStorageTtlMs, revalidationWindowMs } from "./freshness.js";
import { generationTtlMs } from "./generation.js";
import { invalidationTargets } from "./invalidate.js";

type Answer = { status?: number; headers?: OutgoingHttpHeaders; body?: string };
interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** A loopback origin: every request is recorded, then answered by `respond`. */
async function startOrigin() {
  const origin = {
    url: "",
    received: [] as Received[],
    respond: (_request: Received): Answer => ({ body: "ok" }),
    close: async () => {},
  };
  const server = createServer((request, response: ServerResponse) => {
    request.resume();
    request.on("end", () => {
      const entry = { method: request.method ?? "", url: request.url ?? "", headers: request.headers };
      origin.received.push(entry);
      const answer = origin.respond(entry);
      response.writeHead(answer.status ?? 200, {
        date: new Date(clock.now()).toUTCString(),
        ...answer.headers,
      });
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  origin.close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return origin;
}

let clock: VirtualClock;
let store: MemoryToolCacheStore;
let main: Awaited<ReturnType<typeof startOrigin>>;
const cacheable = { "cache-control": "max-age=600" };

beforeEach(async () => {
  clock = new VirtualClock();
  store = new MemoryToolCacheStore(clock);
  main = await startOrigin();
});

afterEach(() => main.close());

/** One `http_request` call; a path is on the main origin. */
function call(
  method: string,
  target: string,
  options: { headers?: Record<string, string>; body?: unknown } = {},
) {
  const tool = createHttpRequestTool({ allowedHosts: ["127.0.0.1"], allowPrivateAddresses: true });
  const url = target.startsWith("/") ? `${main.url}${target}` : target;
  const input = tool.inputSchema.parse({ method, url, ...options });
  const signal = new AbortController().signal;
  return tool.execute(input, {
    workspaceRoot: tmpdir(),
    signal,
    clock,
    idempotencyKey: "run-1:3:call-7",
    cache: store,
  });
}

const generationPuts = () => store.puts.filter((put) => put.key.includes(" gen "));

describe("a write to a URL makes its stored GETs stale (RFC 9111 §4.4)", () => {
  it("every stored variant, whatever headers it was read with", async () => {
    main.respond = (request) =>
      request.method === "GET"
        ? { headers: cacheable, body: `read ${main.received.length}` }
        : { status: 204 };
    const json = { Accept: "application/json" };
    await call("GET", "/items/1", { headers: json });
    await call("GET", "/items/1");
    expect((await call("GET", "/items/1", { headers: json })).metadata).toMatchObject({ cache: "hit" });
    expect(main.received).toHaveLength(2);
    await call("PUT", "/items/1", { body: { done: true } });
    const after = await call("GET", "/items/1", { headers: json });
    expect(after.metadata).toMatchObject({ cache: "miss", cacheStored: true });
    expect(main.received[3]).toMatchObject({ method: "GET", headers: { accept: "application/json" } });
    expect((await call("GET", "/items/1")).metadata).toMatchObject({ cache: "miss" });
    expect(main.received).toHaveLength(5);
    // Stored again under the new generation.
    expect((await call("GET", "/items/1", { headers: json })).content).toContain("read 4");
  });

  it("a second write in the same millisecond still moves the generation on", async () => {
    main.respond = (request) => (request.method === "GET" ? { headers: cacheable } : { status: 200 });
    await call("GET", "/items/1");
    await call("PATCH", "/items/1", { body: {} });
    expect((await call("GET", "/items/1")).metadata).toMatchObject({ cache: "miss", cacheStored: true });
    await call("DELETE", "/items/1");
    expect((await call("GET", "/items/1")).metadata).toMatchObject({ cache: "miss" });
    expect(store.entries.get(generationPuts()[1]?.key ?? "")?.value).toBe(clock.now() + 1);
  });

  it("and those of its same-origin Location and Content-Location, not another origin's", async () => {
    const other = await startOrigin();
    try {
      other.respond = () => ({ headers: cacheable, body: "elsewhere" });
      main.respond = (request) => {
        if (request.method === "GET") return { headers: cacheable, body: request.url };
        const headers =
          request.method === "PUT"
            ? { location: "/items/2", "content-location": `${main.url}/items/3#top` }
            : { location: `${other.url}/items/2`, "content-location": `${other.url}/items/3` };
        return { status: 201, headers };
      };
      for (const path of ["/items/2", "/items/3", "/items/4"]) await call("GET", path);
      for (const path of ["/items/2", "/items/3"]) await call("GET", `${other.url}${path}`);
      await call("PUT", "/items/1", { body: {} });
      await call("POST", "/items", { body: {} });
      const cache = async (url: string) => (await call("GET", url)).metadata?.cache;
      expect(await cache("/items/2")).toBe("miss");
      expect(await cache("/items/3")).toBe("miss");
      expect(await cache("/items/4")).toBe("hit");
      expect(await cache(`${other.url}/items/2`)).toBe("hit");
      expect(await cache(`${other.url}/items/3`)).toBe("hit");
      expect(other.received).toHaveLength(2);
    } finally {
      await other.close();
    }
  });

  it("a failed write (4xx or 5xx) invalidates nothing", async () => {
    const statuses = [404, 409, 500];
    main.respond = (request) =>
      request.method === "GET" ? { headers: cacheable } : { status: statuses.shift() ?? 500 };
    await call("GET", "/items/1");
    await call("PUT", "/items/1", { body: {} });
    await call("PATCH", "/items/1", { body: {} });
    await call("DELETE", "/items/1");
    expect((await call("GET", "/items/1")).metadata).toMatchObject({ cache: "hit" });
    expect(generationPuts()).toEqual([]);
  });

  it("never caches a POST: its only trace in the store is the URL's new generation", async () => {
    main.respond = () => ({ headers: { ...cacheable, etag: '"v1"' }, body: "made" });
    const first = await call("POST", "/items", { body: { a: 1 } });
    await call("POST", "/items", { body: { a: 1 } });
    expect(main.received).toHaveLength(2);
    expect(first.metadata?.cache).toBeUndefined();
    expect([...store.entries.values()].map((entry) => entry.value)).toEqual([clock.now() + 1]);
  });
});

describe("how long entries and generation records are kept", () => {
  it("a year-long max-age is fresh for 7 days, kept at most 8; the generation record outlives it", async () => {
    main.respond = (request) =>
      request.headers["if-none-match"] === '"v1"'
        ? { status: 304 }
        : { headers: { "cache-control": "max-age=31536000", etag: '"v1"' }, body: "yearly" };
    await call("GET", "/report");
    expect(store.puts[0]?.ttlMs).toBe(maxFreshnessMs + revalidationWindowMs);
    expect(maxStorageTtlMs).toBeLessThanOrEqual(8 * 86_400_000);
    clock.advance(maxFreshnessMs - 1000);
    expect((await call("GET", "/report")).metadata).toMatchObject({ cache: "hit" });
    clock.advance(1000);
    expect((await call("GET", "/report")).metadata).toMatchObject({ cache: "revalidated" });
    await call("DELETE", "/report");
    const entryTtls = store.puts.filter((put) => !put.key.includes(" gen ")).map((put) => put.ttlMs);
    expect(generationPuts().map((put) => put.ttlMs)).toEqual([generationTtlMs]);
    expect(generationTtlMs).toBeGreaterThan(Math.max(maxStorageTtlMs, ...entryTtls));
  });

  it("an entry from before a write is never served again, not even once the generation record expires", async () => {
    let body = "before";
    main.respond = (request) =>
      request.method === "GET"
        ? { headers: { "cache-control": "max-age=31536000", etag: `"${body}"` }, body }
        : { status: 204 };
    await call("GET", "/items/1");
    await call("PUT", "/items/1", { body: {} });
    body = "after";
    for (let day = 0; day <= 10; day++) {
      expect((await call("GET", "/items/1")).content).toContain("after");
      clock.advance(86_400_000);
    }
  });
});

describe("invalidationTargets", () => {
  const answer = (finalUrl: string, headers: Record<string, string>): FinalResponse => ({
    response: { status: 200, statusText: "OK", headers, body: Buffer.alloc(0), truncated: false },
    finalUrl: new URL(finalUrl),
    redirects: finalUrl.endsWith("/moved") ? 1 : 0,
  });

  it("resolves relative URLs against the answering URL, drops fragments, and keeps the written origin only", () => {
    const final = answer("https://api.example.com/v2/moved", {
      location: "items/9#new",
      "content-location": "https://api.example.com:8443/items/9",
    });
    expect(invalidationTargets("https://api.example.com/items/1#x", final)).toEqual([
      "https://api.example.com/items/1",
      "https://api.example.com/v2/moved",
      "https://api.example.com/v2/items/9",
    ]);
    expect(
      invalidationTargets(
        "https://api.example.com/a",
        answer("https://api.example.com/a", { location: "http://[" }),
      ),
    ).toEqual(["https://api.example.com/a"]);
  });
});
