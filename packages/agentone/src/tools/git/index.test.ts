import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError } from "../../core/errors/index.js";
import { createGitTools } from "./index.js";

describe("createGitTools", () => {
  it("returns the four tools in order, with their side effects and approval needs", () => {
    expect(
      createGitTools().map((tool) => [tool.name, tool.sideEffect, tool.idempotent, tool.requiresApproval]),
    ).toEqual([
      ["git_status", "none", true, false],
      ["git_diff", "none", true, false],
      ["git_log", "none", true, false],
      ["git_commit", "workspace", false, true],
    ]);
  });

  it.each(createGitTools().map((tool) => [tool.name, tool] as const))(
    "%s has a plain JSON Schema with every field described",
    (_name, tool) => {
      const schema = z.toJSONSchema(tool.inputSchema, { io: "input" }) as {
        type: string;
        properties: Record<string, { description?: string }>;
      };
      expect(schema.type).toBe("object");
      for (const field of Object.values(schema.properties)) expect(field.description).toBeTruthy();
    },
  );

  it.each([
    [{ timeoutMs: 0 }, "timeoutMs"],
    [{ maxOutputCharacters: 10.5 }, "maxOutputCharacters"],
  ])("refuses bad options %j naming the key", (options, key) => {
    let error: unknown;
    try {
      createGitTools(options);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).details).toEqual({ key });
  });
});
