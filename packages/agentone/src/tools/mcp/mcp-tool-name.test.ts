import { describe, expect, it } from "vitest";
import { mcpToolName } from "./mcp-tool-name.js";

describe("mcpToolName", () => {
  it("prefixes the server name with a double underscore", () => {
    expect(mcpToolName({ server: "notes", tool: "write_note" })).toBe("notes__write_note");
  });

  it("replaces characters the model APIs refuse", () => {
    expect(mcpToolName({ server: "gh", tool: "issues.list all/é" })).toBe("gh__issues_list_all__");
  });

  it("cuts names to 64 characters", () => {
    const name = mcpToolName({ server: "server", tool: "x".repeat(100) });
    expect(name).toHaveLength(64);
    expect(name.startsWith("server__xxx")).toBe(true);
  });
});
