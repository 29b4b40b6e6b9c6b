import {
  createServer,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { VirtualClock } from "../../../core/clock/index.js";
import { MemoryToolCacheStore } from "../../../testing/memory-tool-cache-store.js";
import type { ToolCacheStore, ToolContext } from "../../tool.js";
import { createHttpRequestTool } from "../http-request-tool.js";
import type { HttpToolOptions } from "../http-tool-options.js";

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

let server: Server;
let origin: string;
let received: Received[];
let respond: (request: Received, response: ServerResponse) => void;
let clock: VirtualClock;
let store: MemoryToolCacheStore;

beforeEach(async () => {
  received = [];
  clock = new VirtualClock();
  store = new MemoryToolCacheStore(clock);
  respond = (_request, response) => response.end("ok");
  server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const entry = { method: request.method ?? "", url: request.url ?? "", headers: request.headers };
      received.push(entry);
      respond(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Answers with a Date from the virtual clock, as a server sharing the run's time would. */
function reply(
  response: ServerResponse,
  answer: { status?: number; headers?: OutgoingHttpHeaders; body?: string },
) {
  response.writeHead(answer.status ?? 200, { date: new Date(clock.now()).toUTCString(), ...answer.headers });
  response.end(answer.body);
}

function tool(options: HttpToolOptions = {}) {
  return createHttpRequestTool({ allowedHosts: ["127.0.0.1"], allowPrivateAddresses: true, ...options });
}

function context(cache: ToolCacheStore | undefined): ToolContext {
  return {
    workspaceRoot: tmpdir(),
    signal: new AbortController().signal,
    clock,
    idempotencyKey: "run-1:3:call-7",
    cache,
  };
}

function get(
  options: {
    path?: string;
    headers?: Record<string, string>;
    cache?: ToolCacheStore | null;
    with?: HttpToolOptions;
  } = {},
) {
  const subject = tool(options.with);
  const input = subject.inputSchema.parse({
    method: "GET",
    url: `${origin}${options.path ?? "/items"}`,
    headers: options.headers,
  });
  return subject.execute(input, context(options.cache === null ? undefined : (options.cache ?? store)));
}

describe("http_request GETs with the HTTP cache", () => {
  it("serves a fresh response from the store with no request, showing its age", async () => {
    respond = (_request, response) =>
      reply(response, {
        headers: { "content-type": "application/json", "cache-control": "max-age=60", etag: '"v1"' },
        body: '{"n":1}',
      });
    const first = await get();
    expect(first.metadata).toMatchObject({ status: 200, cache: "miss", cacheStored: true });
    expect(store.puts).toEqual([
      { key: expect.stringContaining(`GET ${origin}/items `), ttlMs: 60_000 + 86_400_000 },
    ]);
    clock.advance(42_000);
    const second = await get();
    expect(received).toHaveLength(1);
    expect(second.metadata).toMatchObject({
      status: 200,
      cache: "hit",
      cacheStored: false,
      cacheAgeSeconds: 42,
      etag: '"v1"',
    });
    const [statusLine, ...rest] = first.content.split("\n");
    expect(second.content).toBe([statusLine, "(from cache, age 42 s)", ...rest].join("\n"));
    expect(second.content).toContain('{\n  "n": 1\n}');
  });

  it("revalidates once max-age has passed: If-None-Match, and a 304 serves the stored body with its new headers", async () => {
    respond = (request, response) => {
      if (request.headers["if-none-match"] === '"v1"')
        reply(response, { status: 304, headers: { "cache-control": "max-age=120", etag: '"v1"' } });
      else reply(response, { headers: { "cache-control": "max-age=60", etag: '"v1"' }, body: "version one" });
    };
    await get();
    clock.advance(61_000);
    const revalidated = await get();
    expect(received).toHaveLength(2);
    expect(received[1]?.headers["if-none-match"]).toBe('"v1"');
    expect(revalidated.metadata).toMatchObject({ status: 200, cache: "revalidated", cacheStored: true });
    expect(revalidated.content).toBe('HTTP 200 OK\netag: "v1"\ncache-control: max-age=120\n\nversion one');
    // The 304's max-age and the new times were stored: fresh again for 120 s from the revalidation.
    clock.advance(119_000);
    expect((await get()).metadata).toMatchObject({ cache: "hit", cacheAgeSeconds: 119 });
    expect(received).toHaveLength(2);
  });

  it("replaces the entry when the ETag changed and the origin answers 200", async () => {
    let version = 1;
    respond = (_request, response) =>
      reply(response, {
        headers: { "cache-control": "max-age=60", etag: `"v${version}"` },
        body: `version ${version}`,
      });
    await get();
    clock.advance(61_000);
    version = 2;
    const changed = await get();
    expect(received[1]?.headers["if-none-match"]).toBe('"v1"');
    expect(changed.metadata).toMatchObject({ cache: "miss", cacheStored: true, etag: '"v2"' });
    expect(changed.content).toContain("version 2");
    const hit = await get();
    expect(hit.metadata).toMatchObject({ cache: "hit", etag: '"v2"' });
    expect(hit.content).toContain("version 2");
    expect(received).toHaveLength(2);
  });

  it("stores a validators-only response stale at once, and revalidates it on the next call", async () => {
    const lastModified = "Tue, 01 Apr 2025 00:00:00 GMT";
    respond = (request, response) => {
      if (request.headers["if-modified-since"] === lastModified) reply(response, { status: 304 });
      else reply(response, { headers: { "last-modified": lastModified }, body: "report" });
    };
    expect((await get()).metadata).toMatchObject({ cache: "miss", cacheStored: true });
    expect(store.puts[0]?.ttlMs).toBe(86_400_000);
    const second = await get();
    expect(received).toHaveLength(2);
    expect(received[1]?.headers["if-none-match"]).toBeUndefined();
    expect(second.metadata).toMatchObject({ cache: "revalidated" });
    expect(second.content).toContain("report");
  });

  it("never stores no-store, nor Vary: *", async () => {
    respond = (request, response) =>
      reply(response, {
        headers:
          request.url === "/vary"
            ? { "cache-control": "max-age=60", vary: "*" }
            : { "cache-control": "max-age=60, no-store", etag: '"v1"' },
        body: "secret",
      });
    for (const path of ["/items", "/items", "/vary", "/vary"])
      expect((await get({ path })).metadata).toMatchObject({ cache: "miss", cacheStored: false });
    expect(received).toHaveLength(4);
    expect(store.puts).toEqual([]);
  });

  it("revalidates a fresh entry when the request says Cache-Control: no-cache or Pragma: no-cache", async () => {
    respond = (request, response) => {
      if (request.headers["if-none-match"] === '"v1"') reply(response, { status: 304 });
      else reply(response, { headers: { "cache-control": "max-age=600", etag: '"v1"' }, body: "data" });
    };
    await get();
    const forced = await get({ headers: { "Cache-Control": "no-cache" } });
    expect(forced.metadata).toMatchObject({ cache: "revalidated" });
    expect(received[1]?.headers["if-none-match"]).toBe('"v1"');
    expect(received[1]?.headers["cache-control"]).toBe("no-cache");
    expect((await get({ headers: { Pragma: "no-cache" } })).metadata).toMatchObject({ cache: "revalidated" });
    expect(received).toHaveLength(3);
  });

  it("removes a fresh entry that a forced request found superseded by an answer it may not store", async () => {
    let version = 1;
    respond = (_request, response) =>
      reply(response, {
        headers: { "cache-control": version === 1 ? "max-age=600" : "no-store" },
        body: `version ${version}`,
      });
    await get();
    version = 2;
    expect((await get({ headers: { "Cache-Control": "no-cache" } })).content).toContain("version 2");
    const after = await get();
    expect(after.metadata).toMatchObject({ cache: "miss" });
    expect(after.content).toContain("version 2");
    expect(received).toHaveLength(3);
  });

  it("keeps a request with no-store out of the cache: bypass, nothing stored", async () => {
    respond = (_request, response) =>
      reply(response, { headers: { "cache-control": "max-age=60" }, body: "x" });
    const output = await get({ headers: { "Cache-Control": "no-store" } });
    expect(output.metadata).toMatchObject({ cache: "bypass", cacheStored: false });
    expect(store.puts).toEqual([]);
  });

  it("keeps entries apart by Authorization, and keeps the credential out of the store", async () => {
    respond = (request, response) =>
      reply(response, {
        headers: { "cache-control": "max-age=60" },
        body: `for ${request.headers.authorization}`,
      });
    await get({ headers: { Authorization: "Bearer alice-token" } });
    const bob = await get({ headers: { Authorization: "Bearer bob-token" } });
    expect(bob.metadata).toMatchObject({ cache: "miss" });
    expect(bob.content).toContain("for Bearer bob-token");
    const alice = await get({ headers: { authorization: "Bearer alice-token" } });
    expect(alice.metadata).toMatchObject({ cache: "hit" });
    expect(alice.content).toContain("for Bearer alice-token");
    expect(received).toHaveLength(2);
    expect(JSON.stringify([...store.entries])).not.toContain("-token");
  });

  it("does not store a response reached through a redirect", async () => {
    respond = (request, response) => {
      if (request.url === "/old")
        reply(response, { status: 301, headers: { location: "/new", "cache-control": "max-age=60" } });
      else reply(response, { headers: { "cache-control": "max-age=60", etag: '"v1"' }, body: "moved here" });
    };
    const first = await get({ path: "/old" });
    expect(first.metadata).toMatchObject({ redirects: 1, cache: "miss", cacheStored: false });
    await get({ path: "/old" });
    expect(received.map((request) => request.url)).toEqual(["/old", "/new", "/old", "/new"]);
    expect(store.puts).toEqual([]);
  });

  it("sends the GET again without validators when the 304 is about another representation", async () => {
    respond = (request, response) => {
      if (request.headers["if-none-match"]) reply(response, { status: 304, headers: { etag: '"other"' } });
      else reply(response, { headers: { etag: `"v${received.length}"` }, body: `body ${received.length}` });
    };
    await get();
    const output = await get();
    expect(received.map((request) => request.headers["if-none-match"])).toEqual([
      undefined,
      '"v1"',
      undefined,
    ]);
    expect(output.metadata).toMatchObject({ status: 200, cache: "miss", cacheStored: true, etag: '"v3"' });
    expect(output.content).toContain("body 3");
  });

  it("answers live when the store throws, and stores nothing", async () => {
    const broken: ToolCacheStore = {
      get: async () => {
        throw new Error("store down");
      },
      put: () => {
        throw new Error("store down");
      },
    };
    respond = (_request, response) =>
      reply(response, { headers: { "cache-control": "max-age=60" }, body: "live" });
    const output = await get({ cache: broken });
    expect(output.content).toBe("HTTP 200 OK\ncache-control: max-age=60\n\nlive");
    expect(output.metadata).toMatchObject({ cache: "miss", cacheStored: false });
  });

  it("reads a corrupt stored value as a miss, and stores the live answer over it", async () => {
    respond = (_request, response) =>
      reply(response, { headers: { "cache-control": "max-age=60" }, body: "fresh" });
    await get();
    const [key] = [...store.entries.keys()];
    store.entries.set(key ?? "", {
      value: { format: 1, status: "200", body: 42 },
      expiresAt: clock.now() + 60_000,
    });
    const output = await get();
    expect(output.metadata).toMatchObject({ cache: "miss", cacheStored: true });
    expect(output.content).toContain("fresh");
    expect(received).toHaveLength(2);
    expect((await get()).metadata).toMatchObject({ cache: "hit" });
  });

  it("without a cache handle every GET is a bypass", async () => {
    respond = (_request, response) =>
      reply(response, { headers: { "cache-control": "max-age=60" }, body: "x" });
    expect((await get({ cache: null })).metadata).toMatchObject({ cache: "bypass", cacheStored: false });
    expect((await get({ cache: null })).metadata).toMatchObject({ cache: "bypass" });
    expect(received).toHaveLength(2);
  });

  it("does not serve an entry stored under a wider allowlist once the allowlist no longer has the host", async () => {
    respond = (_request, response) =>
      reply(response, { headers: { "cache-control": "max-age=60" }, body: "x" });
    await get();
    const narrowed = { allowedHosts: ["api.test"], allowPrivateAddresses: true };
    await expect(get({ with: narrowed })).rejects.toMatchObject({ reason: "host_not_allowed" });
    expect(received).toHaveLength(1);
  });

  it("cuts a stored body at the serving tool's smaller limit, as a live read would be cut", async () => {
    respond = (_request, response) =>
      reply(response, { headers: { "cache-control": "max-age=60" }, body: "0123456789" });
    await get();
    const output = await get({ with: { maxResponseBytes: 4 } });
    expect(output.metadata).toMatchObject({ cache: "hit", bytes: 4, truncated: true });
    expect(output.content).toContain("0123\n[... body cut at 4 bytes; the rest was not read]");
  });

  it("a store that never answers does not hold the call past its timeout", async () => {
    const hanging: ToolCacheStore = { get: () => new Promise(() => {}), put: async () => {} };
    await expect(get({ cache: hanging, with: { timeoutMs: 100 } })).rejects.toMatchObject({
      reason: "timeout",
    });
    expect(received).toHaveLength(0);
  });
});
