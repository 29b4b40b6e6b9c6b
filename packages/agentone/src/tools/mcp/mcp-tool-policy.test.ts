import { describe, expect, it } from "vitest";
import { mcpServerConfigSchema } from "./mcp-config-schema.js";
import { mcpToolPolicy } from "./mcp-tool-policy.js";

function server(overrides: Record<string, unknown> = {}) {
  return mcpServerConfigSchema.parse({ name: "s", transport: "stdio", command: "x", ...overrides });
}

describe("mcpToolPolicy", () => {
  it("requires approval and assumes external effects unless the server declares the tool read-only", () => {
    expect(mcpToolPolicy({ tool: "t", annotations: undefined, server: server() })).toEqual({
      sideEffect: "external",
      idempotent: false,
      requiresApproval: true,
    });
    expect(
      mcpToolPolicy({
        tool: "t",
        annotations: { readOnlyHint: false, idempotentHint: true },
        server: server(),
      }),
    ).toEqual({ sideEffect: "external", idempotent: false, requiresApproval: true });
    expect(mcpToolPolicy({ tool: "t", annotations: { readOnlyHint: true }, server: server() })).toEqual({
      sideEffect: "none",
      idempotent: false,
      requiresApproval: false,
    });
    expect(
      mcpToolPolicy({
        tool: "t",
        annotations: { readOnlyHint: true, idempotentHint: true },
        server: server(),
      }),
    ).toMatchObject({ idempotent: true });
  });

  it("lets the configuration declare idempotence and override approval", () => {
    const readOnly = { readOnlyHint: true };
    expect(
      mcpToolPolicy({ tool: "t", annotations: undefined, server: server({ idempotentTools: ["t"] }) })
        .idempotent,
    ).toBe(true);
    const all = server({ approval: { require: "all", never: ["u"] } });
    expect(mcpToolPolicy({ tool: "t", annotations: readOnly, server: all }).requiresApproval).toBe(true);
    expect(mcpToolPolicy({ tool: "u", annotations: undefined, server: all }).requiresApproval).toBe(false);
    const listed = server({ approval: { require: ["t"] } });
    expect(mcpToolPolicy({ tool: "t", annotations: readOnly, server: listed }).requiresApproval).toBe(true);
    expect(mcpToolPolicy({ tool: "v", annotations: readOnly, server: listed }).requiresApproval).toBe(false);
  });
});
