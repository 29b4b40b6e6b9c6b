import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError } from "../../core/errors/index.js";
import { createRunCommandTool, createShellTools, defaultCommandAllowlist } from "./index.js";

describe("createShellTools", () => {
  it("returns run_command, which has workspace side effects and needs approval", () => {
    const tools = createShellTools();
    expect(tools.map((tool) => [tool.name, tool.sideEffect, tool.idempotent, tool.requiresApproval])).toEqual(
      [["run_command", "workspace", false, true]],
    );
  });

  it("describes the allowlist and the timeout to the model", () => {
    const [tool] = createShellTools({ allowlist: [["npm", "test"], ["ls"]], timeoutMs: 30_000 });
    expect(tool?.description).toContain('It must start with one of: "npm test", "ls".');
    expect(tool?.description).toContain("killed after 30 s");
    expect(createShellTools()[0]?.description).toContain('"git log"');
  });

  it("has a plain JSON Schema with every field described", () => {
    const schema = z.toJSONSchema(createRunCommandTool().inputSchema, { io: "input" }) as {
      type: string;
      required: string[];
      properties: Record<string, { description?: string }>;
    };
    expect(schema.type).toBe("object");
    expect(schema.required).toEqual(["command"]);
    for (const field of Object.values(schema.properties)) expect(field.description).toBeTruthy();
  });

  it("validates the command shape", () => {
    const { inputSchema } = createRunCommandTool();
    expect(inputSchema.safeParse({ command: [] }).success).toBe(false);
    expect(inputSchema.safeParse({ command: "npm test" }).success).toBe(false);
    expect(inputSchema.parse({ command: ["npm", "test"] })).toEqual({ command: ["npm", "test"], cwd: "." });
  });

  it("keeps the default allowlist conservative", () => {
    expect(defaultCommandAllowlist.map((prefix) => prefix.join(" "))).toEqual([
      "npm test",
      "npm run test",
      "node --test",
      "ls",
      "cat",
      "git status",
      "git diff",
      "git log",
    ]);
  });

  it.each([
    [{ timeoutMs: 0 }, "timeoutMs"],
    [{ timeoutMs: 1.5 }, "timeoutMs"],
    [{ maxOutputCharacters: -1 }, "maxOutputCharacters"],
    [{ allowlist: [] }, "allowlist"],
    [{ allowlist: [["sh -c"]] }, "allowlist[0]"],
  ])("refuses bad options %j naming the key", (options, key) => {
    let error: unknown;
    try {
      createRunCommandTool(options);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).details).toEqual({ key });
  });
});
