import { describe, expect, it } from "vitest";
import {
  type McpServersConfigInput,
  mcpServerConfigSchema,
  mcpServersConfigSchema,
} from "./mcp-config-schema.js";

function issues(input: unknown): string[] {
  const parsed = mcpServersConfigSchema.safeParse(input);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

const stdio = { name: "notes", transport: "stdio", command: "notes-mcp" };
const http = { name: "docs", transport: "http", url: "https://mcp.example.com/mcp" };

describe("mcpServersConfigSchema", () => {
  it("fills in defaults", () => {
    expect(mcpServerConfigSchema.parse(stdio)).toEqual({
      ...stdio,
      args: [],
      env: [],
      idempotentTools: [],
      timeoutMs: 30_000,
      connectTimeoutMs: 60_000,
    });
    expect(mcpServerConfigSchema.parse(http)).toMatchObject({ timeoutMs: 30_000 });
  });

  it("accepts its own output, so a parsed section can be handed to mountMcpServers", () => {
    const parsed: McpServersConfigInput = mcpServersConfigSchema.parse([
      { ...stdio, tools: { include: ["a"] }, approval: { require: "all", never: ["a"] } },
      { ...http, headersFromEnv: { "X-Api-Key": "DOCS_KEY" } },
    ]);
    expect(mcpServersConfigSchema.parse(parsed)).toEqual(parsed);
  });

  it.each([
    [{ ...stdio, comand: "x" }, '0: Unrecognized key: "comand"'],
    [{ ...stdio, tools: { includes: ["a"] } }, '0.tools: Unrecognized key: "includes"'],
    [{ ...stdio, approval: { requires: "all" } }, '0.approval: Unrecognized key: "requires"'],
    [{ ...http, command: "x" }, '0: Unrecognized key: "command"'],
    [{ ...stdio, name: "Notes" }, "0.name: use lower-case letters, digits and dashes"],
    [{ ...stdio, name: "n".repeat(33) }, "0.name: use at most 32 characters"],
    [{ name: "x", command: "y" }, '0.transport: transport must be "stdio" or "http"'],
    [{ ...stdio, transport: "sse" }, '0.transport: transport must be "stdio" or "http"'],
    [{ ...stdio, command: "" }, "0.command: name the program that starts the server"],
    [{ ...stdio, env: ["GITHUB_TOKEN=abc"] }, "0.env.0: name an environment variable, e.g. GITHUB_TOKEN"],
    [{ ...http, url: "file:///tmp/x" }, "0.url: must be an http or https URL"],
    [{ ...http, headersFromEnv: { "X Key": "K" } }, "0.headersFromEnv.X Key: must be an HTTP header name"],
    [
      { ...http, headersFromEnv: { "X-Key": "sk-secret-value" } },
      "0.headersFromEnv.X-Key: name an environment variable, e.g. GITHUB_TOKEN",
    ],
    [
      { ...http, bearerTokenEnv: "T", headersFromEnv: { authorization: "U" } },
      "0.bearerTokenEnv: sets Authorization twice; drop it from headersFromEnv or drop bearerTokenEnv",
    ],
    [{ ...stdio, timeoutMs: 0 }, "0.timeoutMs: Too small: expected number to be >=100"],
    [{ ...stdio, approval: { require: "some" } }, "0.approval.require: Invalid input"],
    [
      { ...stdio, approval: { require: ["a"], never: ["a"] } },
      '0.approval.never: names "a" in both approval.require and approval.never',
    ],
    [
      { ...stdio, tools: { include: ["a"], exclude: ["a"] } },
      '0.tools.exclude: names "a" in both tools.include and tools.exclude',
    ],
  ])("refuses %j, naming the key", (server, expected) => {
    expect(issues([server])[0]).toBe(expected);
  });

  it("refuses repeated server names", () => {
    expect(issues([stdio, { ...http, name: "notes" }])).toEqual([
      '1.name: repeats the server name "notes"; server names must be unique',
    ]);
  });
});
