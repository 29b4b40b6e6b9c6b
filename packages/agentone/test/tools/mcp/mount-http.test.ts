import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type McpTool, type MountedMcpServers, mountMcpServers } from "../../../src/tools/mcp/index.js";
import { type HttpTestServer, startHttpTestServer } from "../../fixtures/mcp/serve-http.mjs";
import { tempDirectory, toolContext, waitForFileText } from "./mcp-test-support.js";

let directory: string;
let cleanup: () => Promise<void>;
let notesFile: string;
let httpServer: HttpTestServer;
let mounted: MountedMcpServers | undefined;

beforeEach(async () => {
  ({ directory, cleanup } = await tempDirectory());
  notesFile = path.join(directory, "notes.txt");
  httpServer = await startHttpTestServer({ notesFile });
  mounted = undefined;
});

afterEach(async () => {
  await mounted?.close();
  await httpServer.close();
  await cleanup();
});

async function mount(overrides: Record<string, unknown> = {}) {
  mounted = await mountMcpServers(
    [
      {
        name: "remote",
        transport: "http",
        url: httpServer.url,
        bearerTokenEnv: "REMOTE_TOKEN",
        ...overrides,
      },
    ],
    { environment: { REMOTE_TOKEN: "s3cret", REMOTE_TRACE: "trace-1" } },
  );
  return mounted;
}

function tool(name: string): McpTool {
  const found = mounted?.tools.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no tool ${name}`);
  return found;
}

function call(name: string, input: Record<string, unknown>, signal?: AbortSignal) {
  return tool(name).execute(input, toolContext({ workspaceRoot: directory, signal }));
}

describe("mountMcpServers over Streamable HTTP", () => {
  it("lists and calls the server's tools, sending headers from the environment", async () => {
    await mount();
    expect(mounted?.tools.map((entry) => entry.name)).toContain("remote__echo");
    expect((await call("remote__echo", { text: "over http" })).content).toBe("over http");
    expect((await call("remote__add", { a: 1, b: 2 })).content).toBe("3");
    const seen = JSON.parse((await call("remote__describe_request", {})).content);
    expect(seen).toMatchObject({
      authorization: "Bearer s3cret",
      meta: { "agentone/idempotency-key": "run-1:3:call-7" },
    });
    await call("remote__write_note", { text: "from http" });
    expect(readFileSync(notesFile, "utf8")).toBe("from http\n");
  });

  it("sends headersFromEnv verbatim", async () => {
    await mount({ bearerTokenEnv: undefined, headersFromEnv: { Authorization: "REMOTE_TRACE" } });
    expect(JSON.parse((await call("remote__describe_request", {})).content).authorization).toBe("trace-1");
  });

  it("applies include filters", async () => {
    await mount({ tools: { include: ["echo"] } });
    expect(mounted?.tools.map((entry) => entry.name)).toEqual(["remote__echo"]);
  });

  it("turns isError into a ToolError and refuses bad arguments", async () => {
    await mount();
    await expect(call("remote__fail", {})).rejects.toMatchObject({ reason: "failed" });
    await expect(call("remote__add", { a: 1 })).rejects.toMatchObject({ reason: "invalid_arguments" });
  });

  it("cancels a call when its signal aborts", async () => {
    await mount();
    const controller = new AbortController();
    const pending = call("remote__slow", {}, controller.signal);
    await waitForFileText(notesFile, "slow started");
    controller.abort(new Error("deadline"));
    await expect(pending).rejects.toMatchObject({ reason: "timeout" });
    await waitForFileText(notesFile, "slow cancelled");
  });

  it("ends its session on close", async () => {
    await mount();
    expect(httpServer.openSessions()).toBe(1);
    await mounted?.close();
    expect(httpServer.openSessions()).toBe(0);
    await expect(call("remote__echo", { text: "x" })).rejects.toMatchObject({ reason: "failed" });
  });

  it("fails calls clearly once the server is gone", async () => {
    await mount();
    await httpServer.close();
    await expect(call("remote__echo", { text: "x" })).rejects.toMatchObject({
      code: "TOOL_ERROR",
      reason: "failed",
    });
  });
});
