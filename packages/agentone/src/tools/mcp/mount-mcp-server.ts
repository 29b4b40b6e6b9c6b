import type { Implementation } from "@modelcontextprotocol/sdk/types.js";
import { ConfigError } from "../../core/errors/index.js";
import { type ConnectMcpServerOptions, connectMcpServer, type McpConnection } from "./connect-mcp-server.js";
import { describeError } from "./describe-error.js";
import { listMcpTools } from "./list-mcp-tools.js";
import type { McpServerConfig } from "./mcp-config-schema.js";
import { createMcpTool, type McpTool } from "./mcp-tool.js";
import { mcpToolName } from "./mcp-tool-name.js";
import { selectMcpTools } from "./select-mcp-tools.js";

/** What mounting one server needs: how to start it, and its configuration key for error messages. */
export type MountMcpServerOptions = ConnectMcpServerOptions & { key: string; clientInfo: Implementation };

/**
 * Connects one configured MCP server, lists its tools and wraps the selected ones as AgentOne tools; the
 * connection is closed again if listing or selecting fails. This module loads the MCP SDK:
 * `mountMcpServers` imports it only when a server is configured.
 *
 * @example
 * ```ts
 * const { connection, tools } = await mountMcpServer(server, { environment, clientInfo, key: "mcp[0]" });
 * ```
 */
export async function mountMcpServer(
  server: McpServerConfig,
  options: MountMcpServerOptions,
): Promise<{ connection: McpConnection; tools: McpTool[] }> {
  const connection = await connectMcpServer(server, options);
  try {
    const offered = await listMcpTools(connection).catch((error: unknown) => {
      throw new ConfigError(
        `MCP server "${server.name}" (${options.key}) could not list its tools: ${describeError(error)}`,
        { key: options.key, cause: error },
      );
    });
    const selected = selectMcpTools({ server, key: options.key, offered });
    const tools = selected.map((mcpTool) =>
      createMcpTool({ connection, mcpTool, name: mcpToolName({ server: server.name, tool: mcpTool.name }) }),
    );
    return { connection, tools };
  } catch (error) {
    await connection.close().catch(() => {});
    throw error;
  }
}
