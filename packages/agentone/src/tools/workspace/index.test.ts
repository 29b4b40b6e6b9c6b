import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createWorkspaceTools } from "./index.js";

describe("createWorkspaceTools", () => {
  it("returns the five tools in order", () => {
    expect(createWorkspaceTools().map((tool) => tool.name)).toEqual([
      "list_files",
      "read_file",
      "search",
      "write_file",
      "apply_patch",
    ]);
  });

  it("declares side effects: reads have none, writes touch the workspace", () => {
    const classes = createWorkspaceTools().map((tool) => [
      tool.sideEffect,
      tool.idempotent,
      tool.requiresApproval,
    ]);
    expect(classes).toEqual([
      ["none", true, false],
      ["none", true, false],
      ["none", true, false],
      ["workspace", false, false],
      ["workspace", false, false],
    ]);
  });

  it.each(createWorkspaceTools().map((tool) => [tool.name, tool] as const))(
    "%s has a plain JSON Schema with every field described",
    (_name, tool) => {
      const schema = z.toJSONSchema(tool.inputSchema, { io: "input" }) as {
        type: string;
        properties: Record<string, { description?: string }>;
      };
      expect(schema.type).toBe("object");
      const fields = Object.values(schema.properties);
      expect(fields.length).toBeGreaterThan(0);
      for (const field of fields) expect(field.description).toBeTruthy();
    },
  );
});
