import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RealClock } from "../../core/clock/index.js";
import type { ToolContext } from "../tool.js";
import type { HostLookup, ResolvedAddress } from "./host-lookup.js";
import { createHttpRequestTool } from "./http-request-tool.js";
import type { HttpToolOptions } from "./http-tool-options.js";

let server: Server;
let origin: string;
let requests: string[];
let respond: (url: string, response: ServerResponse) => void;
let lookups: string[];

beforeEach(async () => {
  requests = [];
  lookups = [];
  respond = (_url, response) => response.end("ok");
  server = createServer((request, response) => {
    requests.push(request.url ?? "");
    respond(request.url ?? "", response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** A resolver answering from a fixed table, recording what it was asked. */
function fakeDns(table: Record<string, ResolvedAddress[]>): HostLookup {
  return async (hostname) => {
    lookups.push(hostname);
    const answer = table[hostname];
    if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return answer;
  };
}

const v4 = (address: string): ResolvedAddress => ({ address, family: 4 });

async function refusal(options: HttpToolOptions, raw: Record<string, unknown>) {
  const tool = createHttpRequestTool({ lookup: fakeDns({}), ...options });
  const context: ToolContext = {
    workspaceRoot: tmpdir(),
    signal: new AbortController().signal,
    clock: new RealClock(),
    idempotencyKey: "k",
  };
  const error = await tool.execute(tool.inputSchema.parse(raw), context).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!error) throw new Error("expected the call to be refused");
  return error as Error & { reason: string };
}

describe("http_request refuses", () => {
  it.each([
    "http://10.0.0.1/",
    "http://127.0.0.1/",
    "http://2130706433/",
    "http://0x7f.0.0.1/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:a9fe:a9fe]/",
    "http://169.254.169.254/latest/meta-data/",
    "http://0.0.0.0/",
    "http://[fd00:ec2::254]/",
    "http://100.64.0.1/",
    "http://224.0.0.1/",
  ])("the literal address in %s", async (url) => {
    const error = await refusal({}, { method: "GET", url });
    expect(error.reason).toBe("address_refused");
    expect(lookups).toEqual([]);
  });

  it("localhost by default, without asking DNS", async () => {
    const error = await refusal({}, { method: "GET", url: "http://localhost:8080/" });
    expect(error.reason).toBe("address_refused");
    expect(error.message).toContain("loopback");
    expect(lookups).toEqual([]);
  });

  it("a name when any DNS answer is a metadata address", async () => {
    const lookup = fakeDns({ "rebind.example": [v4("93.184.216.34"), v4("169.254.169.254")] });
    const error = await refusal({ lookup }, { method: "GET", url: "http://rebind.example/" });
    expect(error.reason).toBe("address_refused");
    expect(error.message).toContain("rebind.example resolves to 169.254.169.254");
    expect(error.message).toContain("metadata");
  });

  it("a name resolving to a private address", async () => {
    const lookup = fakeDns({ "intranet.example": [{ address: "fd12::1", family: 6 }] });
    const error = await refusal({ lookup }, { method: "GET", url: "http://intranet.example/" });
    expect(error.reason).toBe("address_refused");
  });

  it("a private address even for an allowlisted host unless allowPrivateAddresses is set", async () => {
    const error = await refusal({ allowedHosts: ["127.0.0.1"] }, { method: "GET", url: origin });
    expect(error.reason).toBe("address_refused");
    expect(requests).toEqual([]);
  });

  it("link-local addresses even with allowPrivateAddresses", async () => {
    const lookup = fakeDns({ "metadata.test": [v4("169.254.169.254")] });
    const options = { allowedHosts: ["*.test", "169.254.169.254"], allowPrivateAddresses: true, lookup };
    expect((await refusal(options, { method: "GET", url: "http://metadata.test/" })).reason).toBe(
      "address_refused",
    );
    expect((await refusal(options, { method: "GET", url: "http://169.254.169.254/" })).reason).toBe(
      "address_refused",
    );
  });

  it("hosts not on the allowlist, before any DNS lookup", async () => {
    const error = await refusal(
      { allowedHosts: ["api.example.com", "*.example.org"] },
      { method: "GET", url: "https://evil.example.net/steal" },
    );
    expect(error.reason).toBe("host_not_allowed");
    expect(error.message).toContain("api.example.com, *.example.org");
    expect(lookups).toEqual([]);
  });

  it.each([
    "file:///etc/passwd",
    "ftp://example.com/file",
    "gopher://example.com/",
    "not a url",
    "/relative/path",
  ])("the URL %j", async (url) => {
    const error = await refusal({}, { method: "GET", url });
    expect(error.reason).toBe("invalid_arguments");
  });

  it("credentials in the URL", async () => {
    const error = await refusal({}, { method: "GET", url: "https://user:pass@example.com/" });
    expect(error.reason).toBe("invalid_arguments");
    expect(error.message).toContain("Authorization header");
  });

  it("a body on GET, and a Host header", async () => {
    expect((await refusal({}, { method: "GET", url: "https://example.com/", body: { a: 1 } })).reason).toBe(
      "invalid_arguments",
    );
    const error = await refusal(
      {},
      { method: "GET", url: "https://example.com/", headers: { Host: "10.0.0.1" } },
    );
    expect(error.reason).toBe("invalid_arguments");
    expect(lookups).toEqual([]);
  });

  it("a DNS failure as failed", async () => {
    const error = await refusal({}, { method: "GET", url: "http://missing.example/" });
    expect(error.reason).toBe("failed");
    expect(error.message).toContain("Could not resolve missing.example");
  });
});

describe("http_request refuses redirects", () => {
  const lookup = fakeDns({ "metadata.test": [v4("169.254.169.254")] });
  const loopback = {
    allowedHosts: ["127.0.0.1", "169.254.169.254", "*.test"],
    allowPrivateAddresses: true,
    lookup,
  };

  it.each([
    ["http://169.254.169.254/latest/meta-data/iam", "address_refused"],
    ["http://metadata.test/latest/meta-data/", "address_refused"],
    ["http://[::ffff:169.254.169.254]/", "host_not_allowed"],
    ["http://elsewhere.example/", "host_not_allowed"],
    ["file:///etc/passwd", "address_refused"],
  ])("to %s (%s), after reaching the first hop", async (location, reason) => {
    respond = (_url, response) => response.writeHead(302, { location }).end();
    const error = await refusal(loopback, { method: "GET", url: `${origin}/start` });
    expect(error.reason).toBe(reason);
    expect(requests).toEqual(["/start"]);
  });
});

describe("http tool options", () => {
  it.each([
    [{ allowPrivateAddresses: true }, "allowPrivateAddresses"],
    [{ allowPrivateAddresses: true, allowedHosts: [] }, "allowPrivateAddresses"],
    [{ timeoutMs: 0 }, "timeoutMs"],
    [{ maxResponseBytes: 1.5 }, "maxResponseBytes"],
    [{ maxRedirects: -1 }, "maxRedirects"],
    [{ allowedHosts: ["http://x.com"] }, "allowedHosts"],
  ] as [HttpToolOptions, string][])("refuses %j naming %s", (options, key) => {
    expect(() => createHttpRequestTool(options)).toThrow(
      expect.objectContaining({ code: "CONFIG_ERROR", details: { key } }),
    );
  });
});
