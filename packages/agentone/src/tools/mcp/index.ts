export { type ConnectMcpServerOptions, connectMcpServer, type McpConnection } from "./connect-mcp-server.js";
export {
  type CreateMcpTransportOptions,
  createMcpTransport,
  type Environment,
  type McpEndpoint,
} from "./create-mcp-transport.js";
export { listMcpTools } from "./list-mcp-tools.js";
export { type ArgumentsCheck, type ArgumentsSchema, mcpArgumentsSchema } from "./mcp-arguments-schema.js";
export { mcpCallError } from "./mcp-call-error.js";
export {
  type McpServerConfig,
  type McpServerConfigInput,
  type McpServersConfig,
  type McpServersConfigInput,
  mcpServerConfigSchema,
  mcpServersConfigSchema,
} from "./mcp-config-schema.js";
export { mcpResultText } from "./mcp-result-text.js";
export { createMcpTool, idempotencyKeyMeta, type McpTool } from "./mcp-tool.js";
export { maxToolNameLength, mcpToolName } from "./mcp-tool-name.js";
export { type McpToolPolicy, mcpToolPolicy } from "./mcp-tool-policy.js";
export { type MountedMcpServers, type MountMcpServersOptions, mountMcpServers } from "./mount-mcp-servers.js";
export { selectMcpTools } from "./select-mcp-tools.js";
