import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RealClock } from "../../core/clock/index.js";
import type { ToolContext } from "../tool.js";
import type { HostLookup } from "./host-lookup.js";
import { createHttpRequestTool } from "./http-request-tool.js";
import type { HttpToolOptions } from "./http-tool-options.js";

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let origin: string;
let port: number;
let received: Received[];
let respond: (request: Received, response: ServerResponse) => void;

beforeEach(async () => {
  received = [];
  respond = (_request, response) => response.end("ok");
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const entry = {
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      received.push(entry);
      respond(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function context(signal: AbortSignal = new AbortController().signal): ToolContext {
  return { workspaceRoot: tmpdir(), signal, clock: new RealClock(), idempotencyKey: "run-1:3:call-7" };
}

// "api.test" stands for a private service the operator allowlisted; it resolves to the loopback server.
const lookups: string[] = [];
const testLookup: HostLookup = async (hostname) => {
  lookups.push(hostname);
  return [{ address: "127.0.0.1", family: 4 }];
};

function loopbackTool(options: HttpToolOptions = {}) {
  return createHttpRequestTool({
    allowedHosts: ["127.0.0.1", "api.test"],
    allowPrivateAddresses: true,
    lookup: testLookup,
    ...options,
  });
}

function call(tool: ReturnType<typeof loopbackTool>, raw: Record<string, unknown>, signal?: AbortSignal) {
  return tool.execute(tool.inputSchema.parse(raw), context(signal));
}

describe("http_request against a loopback server", () => {
  it("GETs JSON: status line, selected headers, pretty-printed body and metadata", async () => {
    respond = (_request, response) => {
      response.writeHead(200, {
        "content-type": "application/json; charset=utf-8",
        etag: '"v1"',
        "cache-control": "max-age=60",
        "x-secret-internal": "not shown",
      });
      response.end('{"items":[1,2],"ok":true}');
    };
    const output = await call(loopbackTool(), { method: "GET", url: `${origin}/items?page=2` });
    expect(output.content).toBe(
      [
        "HTTP 200 OK",
        "content-type: application/json; charset=utf-8",
        'etag: "v1"',
        "cache-control: max-age=60",
        "",
        '{\n  "items": [\n    1,\n    2\n  ],\n  "ok": true\n}',
      ].join("\n"),
    );
    expect(output.metadata).toMatchObject({
      status: 200,
      bytes: 25,
      truncated: false,
      finalUrl: `${origin}/items?page=2`,
      etag: '"v1"',
      cacheControl: "max-age=60",
    });
    expect(received).toHaveLength(1);
    expect(received[0]?.url).toBe("/items?page=2");
    expect(received[0]?.headers["idempotency-key"]).toBeUndefined();
  });

  it("HEAD shows headers and no body", async () => {
    respond = (_request, response) => {
      response.writeHead(200, {
        "content-type": "text/plain",
        "last-modified": "Tue, 01 Apr 2025 00:00:00 GMT",
      });
      response.end();
    };
    const output = await call(loopbackTool(), { method: "HEAD", url: origin });
    expect(output.content).toContain("last-modified: Tue, 01 Apr 2025 00:00:00 GMT");
    expect(output.content).toContain("(HEAD request: no body)");
    expect(output.metadata).toMatchObject({ lastModified: "Tue, 01 Apr 2025 00:00:00 GMT" });
  });

  it("POSTs a JSON body with the call's Idempotency-Key", async () => {
    respond = (_request, response) => {
      response.writeHead(201, { "content-type": "text/plain" });
      response.end("created");
    };
    const output = await call(loopbackTool(), {
      method: "POST",
      url: `${origin}/orders`,
      headers: { "X-Request-Source": "agent" },
      body: { item: "book", quantity: 2 },
    });
    expect(output.content).toBe("HTTP 201 Created\ncontent-type: text/plain\n\ncreated");
    const request = received[0];
    expect(request?.method).toBe("POST");
    expect(request?.headers["idempotency-key"]).toBe("run-1:3:call-7");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.headers["x-request-source"]).toBe("agent");
    expect(JSON.parse(request?.body ?? "")).toEqual({ item: "book", quantity: 2 });
  });

  it("connects to the vetted address while keeping the host name in the Host header", async () => {
    lookups.length = 0;
    await call(loopbackTool(), { method: "GET", url: `http://api.test:${port}/status` });
    // One lookup, whose answer was checked and then used: the system resolver was never asked.
    expect(lookups).toEqual(["api.test"]);
    expect(received[0]?.headers.host).toBe(`api.test:${port}`);
  });

  it("follows redirects, re-vetting each hop, and reports the final URL", async () => {
    respond = (request, response) => {
      if (request.url === "/old") response.writeHead(301, { location: "/middle" }).end();
      else if (request.url === "/middle")
        response.writeHead(302, { location: `http://api.test:${port}/new` }).end();
      else response.end("arrived");
    };
    const output = await call(loopbackTool(), { method: "GET", url: `${origin}/old` });
    expect(output.content).toContain(`(final URL after 2 redirects: http://api.test:${port}/new)`);
    expect(output.content).toContain("arrived");
    expect(output.metadata).toMatchObject({ finalUrl: `http://api.test:${port}/new`, redirects: 2 });
    expect(received.map((request) => request.url)).toEqual(["/old", "/middle", "/new"]);
  });

  it("drops credentials when a redirect leaves the origin", async () => {
    respond = (request, response) => {
      if (request.url === "/a") response.writeHead(302, { location: `http://api.test:${port}/b` }).end();
      else response.end("b");
    };
    await call(loopbackTool(), {
      method: "GET",
      url: `${origin}/a`,
      headers: { Authorization: "Bearer secret", Cookie: "session=1" },
    });
    expect(received[0]?.headers.authorization).toBe("Bearer secret");
    expect(received[1]?.headers.authorization).toBeUndefined();
    expect(received[1]?.headers.cookie).toBeUndefined();
  });

  it("turns a POST into a GET on 303, without body or key", async () => {
    respond = (request, response) => {
      if (request.url === "/orders") response.writeHead(303, { location: "/orders/1" }).end();
      else response.end("order 1");
    };
    await call(loopbackTool(), { method: "POST", url: `${origin}/orders`, body: { item: "book" } });
    expect(received[1]).toMatchObject({ method: "GET", url: "/orders/1", body: "" });
    expect(received[1]?.headers["idempotency-key"]).toBeUndefined();
  });

  it("re-sends a PUT on 307 within the origin, but not to another origin", async () => {
    respond = (request, response) => {
      if (request.url === "/same") response.writeHead(307, { location: "/moved" }).end();
      else if (request.url === "/other")
        response.writeHead(307, { location: `http://api.test:${port}/x` }).end();
      else response.end("stored");
    };
    await call(loopbackTool(), { method: "PUT", url: `${origin}/same`, body: { v: 1 } });
    expect(received[1]).toMatchObject({ method: "PUT", url: "/moved", body: '{"v":1}' });
    expect(received[1]?.headers["idempotency-key"]).toBe("run-1:3:call-7");

    received.length = 0;
    const output = await call(loopbackTool(), { method: "PUT", url: `${origin}/other`, body: { v: 1 } });
    expect(received).toHaveLength(1);
    expect(output.content).toContain("HTTP 307 Temporary Redirect");
    expect(output.content).toContain(`location: http://api.test:${port}/x`);
    expect(output.content).toContain("not followed: a PUT request is not re-sent to another origin");
  });

  it("cuts an oversize body and says so", async () => {
    respond = (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(`"${"x".repeat(5000)}"`);
    };
    const output = await call(loopbackTool({ maxResponseBytes: 1000 }), { method: "GET", url: origin });
    expect(output.content).toContain(
      `"${"x".repeat(999)}\n[... body cut at 1000 bytes; the rest was not read]`,
    );
    expect(output.metadata).toMatchObject({ bytes: 1000, truncated: true });
  });

  it("does not show binary bodies", async () => {
    respond = (_request, response) => {
      response.writeHead(200, { "content-type": "image/png" });
      response.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
    };
    const output = await call(loopbackTool(), { method: "GET", url: origin });
    expect(output.content).toContain("(binary body of 7 bytes, image/png; not shown)");
  });

  it("stops after maxRedirects", async () => {
    respond = (_request, response) => response.writeHead(302, { location: "/loop" }).end();
    const error = await call(loopbackTool({ maxRedirects: 2 }), {
      method: "GET",
      url: `${origin}/loop`,
    }).catch((caught) => caught);
    expect(error).toMatchObject({ reason: "failed" });
    expect(error.message).toContain("Stopped after 2 redirects");
    expect(received).toHaveLength(3);
  });

  it("times out when the server never answers", async () => {
    respond = () => {};
    const error = await call(loopbackTool({ timeoutMs: 200 }), { method: "GET", url: origin }).catch(
      (caught) => caught,
    );
    expect(error).toMatchObject({ reason: "timeout" });
    expect(error.message).toContain("within 200 ms");
  });

  it("stops when the call's signal aborts, with the signal's reason", async () => {
    const controller = new AbortController();
    const reason = new Error("run killed");
    respond = () => controller.abort(reason);
    await expect(call(loopbackTool(), { method: "GET", url: origin }, controller.signal)).rejects.toBe(
      reason,
    );
  });

  it("reports a refused connection as failed", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await call(loopbackTool(), { method: "GET", url: `http://127.0.0.1:${closedPort}/` }).catch(
      (caught) => caught,
    );
    expect(error).toMatchObject({ reason: "failed" });
    expect(error.message).toContain("ECONNREFUSED");
  });
});
