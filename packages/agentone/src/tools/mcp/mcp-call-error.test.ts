import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { ToolError } from "../../core/errors/index.js";
import type { McpConnection } from "./connect-mcp-server.js";
import { mcpCallError } from "./mcp-call-error.js";
import { mcpServerConfigSchema } from "./mcp-config-schema.js";

function connection(closedBecause: string | null = null): McpConnection {
  return {
    server: mcpServerConfigSchema.parse({ name: "s", transport: "stdio", command: "x", timeoutMs: 500 }),
    key: "mcp[0]",
    client: undefined as never,
    closedBecause: () => closedBecause,
    stderrTail: () => "",
    close: async () => {},
  };
}

function mapped(error: unknown, options: { closed?: string; aborted?: boolean } = {}) {
  return mcpCallError(error, {
    toolName: "s__t",
    connection: connection(options.closed ?? null),
    signal: options.aborted ? AbortSignal.abort() : new AbortController().signal,
  });
}

describe("mcpCallError", () => {
  it("maps each failure to the reason the model reads", () => {
    expect(mapped(new McpError(ErrorCode.RequestTimeout, "Request timed out"))).toMatchObject({
      reason: "timeout",
      message: "s__t did not answer within 500 ms; the call was cancelled",
    });
    expect(mapped(new Error("whatever"), { aborted: true })).toMatchObject({ reason: "timeout" });
    expect(mapped(new McpError(ErrorCode.InvalidParams, "bad count"))).toMatchObject({
      reason: "invalid_arguments",
      message: "s__t refused the arguments: MCP error -32602: bad count",
    });
    expect(mapped(new McpError(ErrorCode.ConnectionClosed, "Connection closed"))).toMatchObject({
      reason: "failed",
      message: expect.stringContaining('MCP server "s" closed the connection during the call'),
    });
    expect(mapped(new Error("Not connected"), { closed: "the server stopped" })).toMatchObject({
      reason: "failed",
      message: expect.stringContaining("the server stopped during the call"),
    });
    expect(mapped(new McpError(ErrorCode.InternalError, "boom"))).toMatchObject({
      reason: "failed",
      message: "s__t failed: MCP error -32603: boom",
    });
  });

  it("passes ToolErrors through", () => {
    const original = new ToolError("denied", "no");
    expect(mapped(original)).toBe(original);
  });
});
