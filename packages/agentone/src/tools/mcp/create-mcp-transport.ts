import path from "node:path";
import { DEFAULT_INHERITED_ENV_VARS, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ConfigError } from "../../core/errors/index.js";
import type { McpServerConfig } from "./mcp-config-schema.js";

/** Environment variables by name, as read from `process.env` at the edge and passed in. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** How to reach one server, plus what is only known once it runs. */
export interface McpEndpoint {
  transport: Transport;
  /** The end of the server's error output (stdio only): for messages written for people, not the model. */
  stderrTail(): string;
  /** Ends the server's session (HTTP sends DELETE); the caller then closes the transport. */
  endSession(): Promise<void>;
}

export interface CreateMcpTransportOptions {
  environment: Environment;
  /** Resolves a relative `cwd` in the configuration. */
  workingDirectory?: string;
  /** Where the server sits in the configuration, e.g. `mcp[0]`, for error messages. */
  key: string;
}

const stderrTailCharacters = 2000;

function variable(name: string, options: CreateMcpTransportOptions & { field: string }): string {
  const value = options.environment[name];
  if (value === undefined || value === "")
    throw new ConfigError(
      `environment variable ${name}, named in ${options.key}.${options.field}, is not set`,
      {
        key: `${options.key}.${options.field}`,
      },
    );
  return value;
}

function stdioEndpoint(
  server: Extract<McpServerConfig, { transport: "stdio" }>,
  options: CreateMcpTransportOptions,
): McpEndpoint {
  // The SDK also passes these few from process.env; taking them from the environment given keeps it in charge.
  const env: Record<string, string> = {};
  for (const name of DEFAULT_INHERITED_ENV_VARS) {
    const value = options.environment[name];
    if (value !== undefined) env[name] = value;
  }
  for (const name of server.env) env[name] = variable(name, { ...options, field: "env" });
  const cwd =
    server.cwd === undefined
      ? options.workingDirectory
      : path.resolve(options.workingDirectory ?? "", server.cwd);
  const transport = new StdioClientTransport({
    command: server.command,
    args: server.args,
    env,
    ...(cwd === undefined ? {} : { cwd }),
    // Piped, not inherited: a server's log lines must not land in the middle of AgentOne's own output.
    stderr: "pipe",
  });
  let tail = "";
  transport.stderr?.on("data", (chunk: Buffer | string) => {
    tail = (tail + chunk.toString()).slice(-stderrTailCharacters);
  });
  return { transport, stderrTail: () => tail.trim(), endSession: async () => {} };
}

function httpEndpoint(
  server: Extract<McpServerConfig, { transport: "http" }>,
  options: CreateMcpTransportOptions,
): McpEndpoint {
  const headers: Record<string, string> = {};
  for (const [header, name] of Object.entries(server.headersFromEnv ?? {}))
    headers[header] = variable(name, { ...options, field: "headersFromEnv" });
  if (server.bearerTokenEnv !== undefined)
    headers.Authorization = `Bearer ${variable(server.bearerTokenEnv, { ...options, field: "bearerTokenEnv" })}`;
  const transport = new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers } });
  return {
    transport,
    stderrTail: () => "",
    endSession: async () => {
      if (transport.sessionId === undefined) return;
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, server.timeoutMs);
      });
      // A server that no longer answers must not hold up shutdown; its session then simply expires.
      await Promise.race([transport.terminateSession().catch(() => {}), deadline]);
      clearTimeout(timer);
    },
  };
}

/**
 * Builds the transport for one configured server: a child process for stdio (given only the environment
 * variables the configuration names, plus PATH, HOME and the like), or a Streamable HTTP client whose
 * headers come from the environment. Nothing starts until the transport does. A variable the
 * configuration names but the environment lacks is a ConfigError naming the key.
 *
 * @example
 * ```ts
 * const endpoint = createMcpTransport(server, { environment: process.env, key: "mcp[0]" });
 * await client.connect(endpoint.transport);
 * ```
 */
export function createMcpTransport(server: McpServerConfig, options: CreateMcpTransportOptions): McpEndpoint {
  return server.transport === "stdio" ? stdioEndpoint(server, options) : httpEndpoint(server, options);
}
