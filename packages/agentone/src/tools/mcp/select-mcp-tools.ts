import type { Tool as McpToolDescription } from "@modelcontextprotocol/sdk/types.js";
import { ConfigError } from "../../core/errors/index.js";
import type { McpServerConfig } from "./mcp-config-schema.js";

/** Every place the configuration names a server's tools, with the key it sits under. */
function namedTools(server: McpServerConfig): { field: string; names: readonly string[] }[] {
  const require = server.approval?.require;
  return [
    { field: "tools.include", names: server.tools?.include ?? [] },
    { field: "tools.exclude", names: server.tools?.exclude ?? [] },
    { field: "idempotentTools", names: server.idempotentTools },
    { field: "approval.require", names: Array.isArray(require) ? require : [] },
    { field: "approval.never", names: server.approval?.never ?? [] },
  ];
}

/**
 * Applies `tools.include` (all when absent) and then `tools.exclude`. A tool the configuration names but
 * the server does not offer is a ConfigError naming the key: a misspelt name in `exclude` or
 * `approval.require` would otherwise quietly offer a tool, or skip an approval, the user meant to control.
 *
 * @example
 * ```ts
 * selectMcpTools({ server, key: "mcp[0]", offered }).map((tool) => tool.name); // ["echo"]
 * ```
 */
export function selectMcpTools(input: {
  server: McpServerConfig;
  key: string;
  offered: readonly McpToolDescription[];
}): McpToolDescription[] {
  const { server, key, offered } = input;
  const available = new Set(offered.map((tool) => tool.name));
  for (const { field, names } of namedTools(server))
    for (const name of names)
      if (!available.has(name))
        throw new ConfigError(
          `MCP server "${server.name}" offers no tool named ${JSON.stringify(name)} (${key}.${field}); ` +
            `it offers: ${[...available].join(", ") || "(no tools)"}`,
          { key: `${key}.${field}` },
        );
  const include = server.tools?.include;
  const exclude = new Set(server.tools?.exclude ?? []);
  return offered.filter(
    (tool) => (include === undefined || include.includes(tool.name)) && !exclude.has(tool.name),
  );
}
