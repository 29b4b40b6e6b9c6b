import type { Implementation } from "@modelcontextprotocol/sdk/types.js";
import { ConfigError, isAgentOneError } from "../../core/errors/index.js";
import type { McpConnection } from "./connect-mcp-server.js";
import type { Environment } from "./create-mcp-transport.js";
import { describeError } from "./describe-error.js";
import {
  type McpServerConfig,
  type McpServersConfigInput,
  mcpServersConfigSchema,
} from "./mcp-config-schema.js";
import type { McpTool } from "./mcp-tool.js";
import type { MountMcpServerOptions } from "./mount-mcp-server.js";

export interface MountMcpServersOptions {
  /** Where the variables the configuration names are read from (normally `process.env`, passed in). */
  environment: Environment;
  /** How AgentOne introduces itself to servers; pass the package version. */
  clientInfo?: Implementation;
  /** Resolves relative `cwd` settings: normally the directory of agentone.yaml. */
  workingDirectory?: string;
  /** The configuration key holding the server list, for error messages. Default `mcp`. */
  configKey?: string;
}

/** The tools of every configured MCP server, and the one call that shuts the servers down. */
export interface MountedMcpServers {
  tools: McpTool[];
  /** Ends every session and stops every server process. Idempotent; never throws. */
  close(): Promise<void>;
}

async function closeAll(connections: readonly McpConnection[]): Promise<void> {
  await Promise.allSettled(connections.map((connection) => connection.close()));
}

/** `mcp` + `[0, "tools", "include"]` → `mcp[0].tools.include`, as the config loader names keys. */
function keyOf(configKey: string, path: readonly PropertyKey[]): string {
  const parts = path.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`));
  return `${configKey}${parts.join("")}`;
}

// The config loader validates too; parsing here keeps programmatic callers to the same rules and defaults.
function parseConfigs(configs: McpServersConfigInput, configKey: string): McpServerConfig[] {
  const parsed = mcpServersConfigSchema.safeParse(configs);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = keyOf(configKey, issue?.path ?? []);
  throw new ConfigError(`${key} ${issue?.message ?? "is invalid"}`, { key });
}

/**
 * One server mounted. Its module brings the MCP SDK (the client, its transports, its error class for
 * classifying failed calls), so it is imported only when a server is configured: mounting none loads no SDK.
 */
async function mountOne(
  server: McpServerConfig,
  options: MountMcpServerOptions,
): Promise<{ connection: McpConnection; tools: McpTool[] }> {
  const { mountMcpServer } = await import("./mount-mcp-server.js");
  return mountMcpServer(server, options);
}

function refuseCollisions(mounted: readonly { connection: McpConnection; tools: McpTool[] }[]): void {
  const byName = new Map<string, McpTool>();
  for (const { connection, tools } of mounted)
    for (const tool of tools) {
      const earlier = byName.get(tool.name);
      if (earlier !== undefined) {
        const describe = (entry: McpTool) => `"${entry.mcp.tool}" of server "${entry.mcp.server}"`;
        throw new ConfigError(
          `MCP tools ${describe(earlier)} and ${describe(tool)} would both be called ${tool.name}; ` +
            `leave one out with ${connection.key}.tools.exclude`,
          { key: `${connection.key}.tools.exclude` },
        );
      }
      byName.set(tool.name, tool);
    }
}

/**
 * Connects every configured MCP server (concurrently), lists its tools and wraps each as an AgentOne tool
 * named `<server>__<tool>`. All or nothing: if any server fails to start, answer or list its tools, or two
 * tools would share a name, every server is shut down again and a ConfigError names the culprit.
 * Call `close()` when the run (or the process) ends.
 *
 * @example
 * ```ts
 * const mounted = await mountMcpServers(config.mcp, { environment: process.env });
 * try { runtime.tools = [...createWorkspaceTools(), ...mounted.tools]; ... } finally { await mounted.close(); }
 * ```
 */
export async function mountMcpServers(
  configs: McpServersConfigInput,
  options: MountMcpServersOptions,
): Promise<MountedMcpServers> {
  const configKey = options.configKey ?? "mcp";
  const servers = parseConfigs(configs, configKey);
  const clientInfo = options.clientInfo ?? { name: "agentone", version: "unknown" };
  const settled = await Promise.allSettled(
    servers.map((server, index) =>
      mountOne(server, { ...options, clientInfo, key: `${configKey}[${index}]` }),
    ),
  );
  const mounted = settled.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value] : []));
  const connections = mounted.map((entry) => entry.connection);
  const failure = settled.find((outcome) => outcome.status === "rejected");
  if (failure !== undefined) {
    await closeAll(connections);
    const reason: unknown = failure.reason;
    if (isAgentOneError(reason)) throw reason;
    throw new ConfigError(`MCP servers could not be mounted: ${describeError(reason)}`, {
      key: configKey,
      cause: reason,
    });
  }
  try {
    refuseCollisions(mounted);
  } catch (error) {
    await closeAll(connections);
    throw error;
  }
  let closing: Promise<void> | null = null;
  return {
    tools: mounted.flatMap((entry) => entry.tools),
    close: () => {
      closing ??= closeAll(connections);
      return closing;
    },
  };
}
