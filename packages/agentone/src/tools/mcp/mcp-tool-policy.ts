import type { ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import type { SideEffectClass } from "../../core/tool-call-traits.js";
import type { McpServerConfig } from "./mcp-config-schema.js";

/** How AgentOne treats one MCP tool: what it may touch, whether results may be reused, who must approve. */
export interface McpToolPolicy {
  sideEffect: SideEffectClass;
  idempotent: boolean;
  requiresApproval: boolean;
}

/**
 * Decides a tool's policy from the server's annotations and the configuration. MCP annotations are
 * hints from the server; they are trusted only as far as the user trusted the server by configuring it,
 * and only to relax the defaults for tools declared read-only:
 * - side effect: `none` when the server declares the tool read-only (`readOnlyHint: true`), else `external`;
 * - idempotent: listed in `idempotentTools`, or declared read-only and idempotent by the server;
 * - approval: `approval.never` → no; `approval.require` ("all" or naming it) → yes; declared read-only → no;
 *   otherwise yes. An MCP tool can do anything its server can, so approval is the default.
 *
 * @example
 * ```ts
 * mcpToolPolicy({ tool: "echo", annotations: { readOnlyHint: true }, server });
 * // { sideEffect: "none", idempotent: false, requiresApproval: false }
 * ```
 */
export function mcpToolPolicy(input: {
  tool: string;
  annotations: ToolAnnotations | undefined;
  server: McpServerConfig;
}): McpToolPolicy {
  const { tool, server } = input;
  const readOnly = input.annotations?.readOnlyHint === true;
  const require = server.approval?.require;
  const requiresApproval = server.approval?.never?.includes(tool)
    ? false
    : require === "all" || (require?.includes(tool) ?? false)
      ? true
      : !readOnly;
  return {
    sideEffect: readOnly ? "none" : "external",
    idempotent:
      server.idempotentTools.includes(tool) || (readOnly && input.annotations?.idempotentHint === true),
    requiresApproval,
  };
}
