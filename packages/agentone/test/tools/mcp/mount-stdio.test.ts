import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { parseToolArguments } from "../../../src/engine/tool-call/parse-tool-arguments.js";
import { type McpTool, type MountedMcpServers, mountMcpServers } from "../../../src/tools/mcp/index.js";
import {
  processIsGone,
  stdioServer,
  tempDirectory,
  toolContext,
  waitForFileText,
} from "./mcp-test-support.js";

let directory: string;
let cleanup: () => Promise<void>;
let notesFile: string;
let mounted: MountedMcpServers | undefined;

beforeEach(async () => {
  ({ directory, cleanup } = await tempDirectory());
  notesFile = path.join(directory, "notes.txt");
  mounted = undefined;
});

afterEach(async () => {
  await mounted?.close();
  await cleanup();
});

async function mount(servers: unknown[], environment: Record<string, string | undefined> = {}) {
  mounted = await mountMcpServers(servers as Parameters<typeof mountMcpServers>[0], {
    environment: { PATH: process.env.PATH, NOTES_FILE: notesFile, ...environment },
    clientInfo: { name: "agentone-test", version: "0.0.0" },
  });
  return mounted;
}

function tool(servers: MountedMcpServers, name: string): McpTool {
  const found = servers.tools.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no tool ${name}`);
  return found;
}

async function call(target: McpTool, input: unknown, signal?: AbortSignal) {
  return target.execute(input as Record<string, unknown>, toolContext({ workspaceRoot: directory, signal }));
}

async function serverPid(servers: MountedMcpServers): Promise<number> {
  const output = await call(tool(servers, "fixture__describe_request"), {});
  return (JSON.parse(output.content) as { pid: number }).pid;
}

describe("mountMcpServers over stdio", () => {
  it("offers every tool under <server>__<tool> with the server's description and schema", async () => {
    const servers = await mount([stdioServer()]);
    expect(servers.tools.map((entry) => entry.name).sort()).toEqual([
      "fixture__add",
      "fixture__crash",
      "fixture__describe_request",
      "fixture__echo",
      "fixture__fail",
      "fixture__mixed_content",
      "fixture__slow",
      "fixture__write_note",
    ]);
    const echo = tool(servers, "fixture__echo");
    expect(echo.description).toBe("Repeats the text.");
    expect(echo.mcp).toEqual({ server: "fixture", tool: "echo", argumentsCheck: "full" });
    expect(echo.inputJsonSchema).toMatchObject({ type: "object", required: ["text"] });
    // Today's engine describes tools with z.toJSONSchema: the converted schema keeps the properties.
    expect(z.toJSONSchema(echo.inputSchema, { io: "input" })).toMatchObject({
      type: "object",
      properties: { text: { type: "string", description: "What to repeat." } },
      required: ["text"],
    });
  });

  it("calls tools and returns their text", async () => {
    const servers = await mount([stdioServer()]);
    expect(await call(tool(servers, "fixture__echo"), { text: "hello" })).toEqual({
      content: "hello",
      metadata: { mcpServer: "fixture", mcpTool: "echo" },
    });
    expect((await call(tool(servers, "fixture__add"), { a: 2, b: 40 })).content).toBe("42");
    expect((await call(tool(servers, "fixture__mixed_content"), {})).content).toBe(
      [
        "first",
        "[image: image/png, 8 bytes, not shown]",
        "[resource file:///notes.txt (text/plain)]\nnote text",
        "[resource file:///blob.bin: 3 bytes of binary data, not shown]",
        "[resource link: other file:///other.txt]",
      ].join("\n"),
    );
  });

  it("derives side effects, idempotency and approval from annotations", async () => {
    const servers = await mount([stdioServer()]);
    const policy = (name: string) => {
      const { sideEffect, idempotent, requiresApproval } = tool(servers, `fixture__${name}`);
      return { sideEffect, idempotent, requiresApproval };
    };
    expect(policy("echo")).toEqual({ sideEffect: "none", idempotent: true, requiresApproval: false });
    expect(policy("add")).toEqual({ sideEffect: "none", idempotent: false, requiresApproval: false });
    expect(policy("write_note")).toEqual({
      sideEffect: "external",
      idempotent: false,
      requiresApproval: true,
    });
  });

  it("applies idempotentTools and approval overrides", async () => {
    const servers = await mount([
      stdioServer({ idempotentTools: ["add"], approval: { require: "all", never: ["write_note"] } }),
    ]);
    expect(tool(servers, "fixture__add")).toMatchObject({ idempotent: true, requiresApproval: true });
    expect(tool(servers, "fixture__echo").requiresApproval).toBe(true);
    expect(tool(servers, "fixture__write_note").requiresApproval).toBe(false);
  });

  it("filters tools with include and exclude", async () => {
    const included = await mount([stdioServer({ tools: { include: ["echo", "add"] } })]);
    expect(included.tools.map((entry) => entry.name)).toEqual(["fixture__echo", "fixture__add"]);
    await included.close();
    const excluded = await mount([stdioServer({ tools: { exclude: ["crash", "slow"] } })]);
    expect(excluded.tools.map((entry) => entry.name)).not.toContain("fixture__crash");
    expect(excluded.tools).toHaveLength(6);
  });

  it.each([
    ["tools.include", { tools: { include: ["echoo"] } }],
    ["tools.exclude", { tools: { exclude: ["crashh"] } }],
    ["idempotentTools", { idempotentTools: ["ad"] }],
    ["approval.require", { approval: { require: ["write-note"] } }],
    ["approval.never", { approval: { never: ["nope"] } }],
  ])(
    "refuses a tool name in %s the server does not offer, and stops the server",
    async (field, overrides) => {
      const pidFile = path.join(directory, "pids.txt");
      const error = await mount([stdioServer({ ...overrides, env: ["NOTES_FILE", "PID_FILE"] })], {
        PID_FILE: pidFile,
      }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: "CONFIG_ERROR", details: { key: `mcp[0].${field}` } });
      expect((error as Error).message).toContain('offers no tool named "');
      const pid = Number(readFileSync(pidFile, "utf8").trim());
      expect(processIsGone(pid)).toBe(true);
    },
  );

  it("passes only the named environment variables and the idempotency key", async () => {
    const servers = await mount([stdioServer({ env: ["NOTES_FILE", "FIXTURE_SECRET"] })], {
      FIXTURE_SECRET: "s3cret",
      FIXTURE_OUTSIDER: "not named",
    });
    const seen = JSON.parse((await call(tool(servers, "fixture__describe_request"), {})).content);
    expect(seen).toMatchObject({
      secret: "s3cret",
      outsider: null,
      meta: { "agentone/idempotency-key": "run-1:3:call-7" },
    });
    expect((await call(tool(servers, "fixture__write_note"), { text: "remember" })).content).toBe(
      "noted: remember",
    );
    expect(readFileSync(notesFile, "utf8")).toBe("remember\n");
  });

  it("starts the server in cwd, resolved against the working directory", async () => {
    await mkdir(path.join(directory, "server-home"));
    mounted = await mountMcpServers([stdioServer({ cwd: "server-home" })], {
      environment: { PATH: process.env.PATH, NOTES_FILE: notesFile },
      workingDirectory: directory,
    });
    const seen = JSON.parse((await call(tool(mounted, "fixture__describe_request"), {})).content);
    expect(seen.cwd).toBe(path.join(directory, "server-home"));
  });

  it("refuses a named variable the environment lacks, naming the key", async () => {
    await expect(mount([stdioServer({ env: ["NOTES_FILE", "FIXTURE_MISSING"] })])).rejects.toMatchObject({
      code: "CONFIG_ERROR",
      details: { key: "mcp[0].env" },
      message: expect.stringContaining("FIXTURE_MISSING"),
    });
  });

  it("refuses missing or mistyped arguments before calling the server", async () => {
    const servers = await mount([stdioServer()]);
    const add = tool(servers, "fixture__add");
    await expect(call(add, { a: 1 })).rejects.toMatchObject({
      reason: "invalid_arguments",
      message: expect.stringContaining("b:"),
    });
    await expect(call(add, { a: 1, b: "2" })).rejects.toMatchObject({ reason: "invalid_arguments" });
    await expect(call(add, [1, 2])).rejects.toMatchObject({ reason: "invalid_arguments" });
    // The engine's parser applies the same schema, so the model reads the same refusal.
    expect(() => parseToolArguments(add, '{"a":1}')).toThrow(/invalid arguments for fixture__add: b/);
    await call(tool(servers, "fixture__write_note"), { text: 3 }).catch(() => {});
    expect(() => readFileSync(notesFile, "utf8")).toThrow();
  });

  it("turns an isError result into a ToolError", async () => {
    const servers = await mount([stdioServer()]);
    await expect(call(tool(servers, "fixture__fail"), {})).rejects.toMatchObject({
      code: "TOOL_ERROR",
      reason: "failed",
      message: "fixture__fail reported an error: the fail tool always fails",
    });
  });

  it("cancels a call when its signal aborts, and the server sees the cancellation", async () => {
    const servers = await mount([stdioServer()]);
    const controller = new AbortController();
    const pending = call(tool(servers, "fixture__slow"), {}, controller.signal);
    await waitForFileText(notesFile, "slow started");
    controller.abort(new Error("deadline"));
    await expect(pending).rejects.toMatchObject({ reason: "timeout" });
    await waitForFileText(notesFile, "slow cancelled");
    expect((await call(tool(servers, "fixture__echo"), { text: "still here" })).content).toBe("still here");
  });

  it("refuses to start a call whose signal has already fired", async () => {
    const servers = await mount([stdioServer()]);
    await expect(
      call(tool(servers, "fixture__echo"), { text: "x" }, AbortSignal.abort()),
    ).rejects.toMatchObject({
      reason: "timeout",
    });
  });

  it("times a call out after timeoutMs", async () => {
    const servers = await mount([stdioServer({ timeoutMs: 200 })]);
    await expect(call(tool(servers, "fixture__slow"), {})).rejects.toMatchObject({
      reason: "timeout",
      message: expect.stringContaining("within 200 ms"),
    });
  });

  it("fails clearly when the server dies mid-call, and on every later call", async () => {
    const servers = await mount([stdioServer()]);
    const pid = await serverPid(servers);
    await expect(call(tool(servers, "fixture__crash"), {})).rejects.toMatchObject({
      reason: "failed",
      message: expect.stringContaining('MCP server "fixture" stopped or closed the connection'),
    });
    await expect(call(tool(servers, "fixture__echo"), { text: "again" })).rejects.toMatchObject({
      reason: "failed",
      message: expect.stringContaining("fixture__echo is unavailable"),
    });
    expect(processIsGone(pid)).toBe(true);
  });

  it("stops the server process on close, and later calls fail", async () => {
    const servers = await mount([stdioServer()]);
    const pid = await serverPid(servers);
    expect(processIsGone(pid)).toBe(false);
    await servers.close();
    await servers.close();
    expect(processIsGone(pid)).toBe(true);
    await expect(call(tool(servers, "fixture__echo"), { text: "x" })).rejects.toMatchObject({
      reason: "failed",
      message: expect.stringContaining("was shut down"),
    });
  });
});
