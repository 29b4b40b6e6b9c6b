import { describe, expect, it } from "vitest";
import { z } from "zod";
import { type McpTool, mountMcpServers } from "../../../src/tools/mcp/index.js";
import { pagedServerPath, toolContext } from "./mcp-test-support.js";

function pagedServer(toolNames: string[] = []) {
  return {
    name: "paged",
    transport: "stdio" as const,
    command: process.execPath,
    args: [pagedServerPath, ...toolNames],
  };
}

async function withMounted(toolNames: string[], test: (tools: McpTool[]) => Promise<void>): Promise<void> {
  const mounted = await mountMcpServers([pagedServer(toolNames)], {
    environment: { PATH: process.env.PATH },
  });
  try {
    await test(mounted.tools);
  } finally {
    await mounted.close();
  }
}

function call(tool: McpTool | undefined, input: Record<string, unknown>) {
  if (!tool) throw new Error("missing tool");
  return tool.execute(input, toolContext({ workspaceRoot: process.cwd() }));
}

describe("servers with paged tool lists and hand-written schemas", () => {
  it("follows nextCursor until the last page", async () => {
    await withMounted([], async (tools) => {
      expect(tools.map((tool) => tool.name)).toEqual([
        "paged__alpha",
        "paged__beta",
        "paged__gamma",
        "paged__delta",
        "paged__epsilon",
      ]);
    });
  });

  it("enforces the whole JSON Schema when zod can convert it", async () => {
    await withMounted(["alpha"], async ([alpha]) => {
      expect(alpha?.mcp.argumentsCheck).toBe("full");
      expect((await call(alpha, { count: 2, mode: "fast" })).content).toBe('alpha {"count":2,"mode":"fast"}');
      for (const bad of [
        {},
        { count: 0 },
        { count: 1.5 },
        { count: 1, mode: "medium" },
        { count: 1, extra: true },
      ])
        await expect(call(alpha, bad)).rejects.toMatchObject({ reason: "invalid_arguments" });
      expect(alpha?.inputJsonSchema).toMatchObject({ additionalProperties: false, required: ["count"] });
    });
  });

  it("falls back to the top-level check for schemas zod cannot convert", async () => {
    await withMounted(["conditional"], async ([conditional]) => {
      expect(conditional?.mcp.argumentsCheck).toBe("top-level");
      await expect(call(conditional, {})).rejects.toMatchObject({
        reason: "invalid_arguments",
        message: "invalid arguments for paged__conditional: count: is required",
      });
      await expect(call(conditional, { count: "3" })).rejects.toMatchObject({
        message: "invalid arguments for paged__conditional: count: must be integer, not string",
      });
      expect((await call(conditional, { count: 3 })).content).toBe('conditional {"count":3}');
      // The model still gets an object schema from today's engine; the exact one is on inputJsonSchema.
      expect(z.toJSONSchema(conditional?.inputSchema ?? z.never(), { io: "input" })).toMatchObject({
        type: "object",
      });
      expect(conditional?.inputJsonSchema).toHaveProperty("if");
    });
  });

  it("cuts long names to 64 characters", async () => {
    await withMounted(["a".repeat(80)], async ([long]) => {
      expect(long?.name).toBe(`paged__${"a".repeat(57)}`);
      expect(long?.mcp.tool).toBe("a".repeat(80));
    });
  });

  it("refuses two tools that would share a name", async () => {
    await expect(
      mountMcpServers([pagedServer(["get.time", "get_time"])], { environment: { PATH: process.env.PATH } }),
    ).rejects.toMatchObject({
      code: "CONFIG_ERROR",
      details: { key: "mcp[0].tools.exclude" },
      message: expect.stringContaining('"get.time" of server "paged" and "get_time" of server "paged"'),
    });
  });
});
