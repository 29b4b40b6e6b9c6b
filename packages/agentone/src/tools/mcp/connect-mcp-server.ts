import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Implementation } from "@modelcontextprotocol/sdk/types.js";
import { ConfigError } from "../../core/errors/index.js";
import { type CreateMcpTransportOptions, createMcpTransport } from "./create-mcp-transport.js";
import { describeError } from "./describe-error.js";
import type { McpServerConfig } from "./mcp-config-schema.js";

/** An open session with one MCP server. */
export interface McpConnection {
  readonly server: McpServerConfig;
  /** Where the server sits in the configuration, e.g. `mcp[0]`. */
  readonly key: string;
  readonly client: Client;
  /** Why the session ended (written for the model), or null while it is open. */
  closedBecause(): string | null;
  /** The end of the server's error output (stdio), for messages written for people. */
  stderrTail(): string;
  /** Ends the session; a stdio server's process is stopped (and killed if it lingers). Idempotent. */
  close(): Promise<void>;
}

export interface ConnectMcpServerOptions extends CreateMcpTransportOptions {
  clientInfo: Implementation;
}

/** The SDK ends stdin, then sends SIGTERM after 2 s and SIGKILL after 4 s; this bounds the wait beyond that. */
const processExitWaitMs = 10_000;

async function waitAtMost(promise: Promise<void>, milliseconds: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, milliseconds);
    timer.unref();
  });
  await Promise.race([promise, deadline]);
  clearTimeout(timer);
}

function describeServer(server: McpServerConfig): string {
  if (server.transport === "stdio") return `started with ${JSON.stringify(server.command)}`;
  // Shown to people: no credentials or query from the URL.
  const url = new URL(server.url);
  return `reached at ${url.origin}${url.pathname}`;
}

function failureReason(error: unknown): string {
  const message = describeError(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ENOENT") return `${message} (is the command installed and on PATH?)`;
  return message;
}

/**
 * Starts (stdio) or reaches (HTTP) one MCP server and completes the MCP handshake within the server's
 * `connectTimeoutMs`. Any failure is a ConfigError naming the server and its key, with the end of its error
 * output when there is some; nothing is left running.
 *
 * @example
 * ```ts
 * const connection = await connectMcpServer(server, { environment: process.env, key: "mcp[0]", clientInfo });
 * await connection.close();
 * ```
 */
export async function connectMcpServer(
  server: McpServerConfig,
  options: ConnectMcpServerOptions,
): Promise<McpConnection> {
  const endpoint = createMcpTransport(server, options);
  const client = new Client(options.clientInfo, { capabilities: {} });
  let closedBecause: string | null = null;
  let markEnded = () => {};
  // Resolves when the transport has closed: for stdio, once the server process has exited.
  const ended = new Promise<void>((resolve) => {
    markEnded = resolve;
  });
  client.onclose = () => {
    closedBecause ??= `MCP server "${server.name}" stopped or closed the connection`;
    markEnded();
  };
  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      closedBecause ??= `MCP server "${server.name}" was shut down`;
      await endpoint.endSession();
      await client.close();
      // The SDK may already be stopping the process (after a failed handshake it starts closing on its
      // own), in which case client.close() returns at once; waiting for the exit leaves nothing behind.
      await waitAtMost(ended, processExitWaitMs);
    })();
    return closing;
  };
  try {
    await client.connect(endpoint.transport, { timeout: server.connectTimeoutMs });
  } catch (error) {
    await close().catch(() => {});
    const stderr = endpoint.stderrTail();
    throw new ConfigError(
      `MCP server "${server.name}" (${options.key}) could not be ${describeServer(server)}: ${failureReason(error)}` +
        (stderr ? `\nIts error output ended with:\n${stderr}` : ""),
      { key: options.key, cause: error },
    );
  }
  return {
    server,
    key: options.key,
    client,
    closedBecause: () => closedBecause,
    stderrTail: endpoint.stderrTail,
    close,
  };
}
