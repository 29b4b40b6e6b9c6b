import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { isAgentOneError, ToolError } from "../../core/errors/index.js";
import type { McpConnection } from "./connect-mcp-server.js";
import { describeError } from "./describe-error.js";

/**
 * Turns whatever a failed `tools/call` threw into the ToolError the model reads: cancelled or timed out,
 * arguments the server refused, the server gone (mid-call or before), or anything else.
 *
 * @example
 * ```ts
 * try { await client.callTool(request); } catch (error) {
 *   throw mcpCallError(error, { toolName: "notes__add", connection, signal });
 * }
 * ```
 */
export function mcpCallError(
  error: unknown,
  call: { toolName: string; connection: McpConnection; signal: AbortSignal },
): ToolError {
  if (isAgentOneError(error) && error.code === "TOOL_ERROR") return error as ToolError;
  const { toolName, connection } = call;
  if (call.signal.aborted)
    return new ToolError("timeout", `the call to ${toolName} was stopped before it finished`, {
      cause: error,
    });
  const code = error instanceof McpError ? error.code : undefined;
  const message = describeError(error);
  if (code === ErrorCode.RequestTimeout)
    return new ToolError(
      "timeout",
      `${toolName} did not answer within ${connection.server.timeoutMs} ms; the call was cancelled`,
      { cause: error },
    );
  const closed = connection.closedBecause();
  if (code === ErrorCode.ConnectionClosed || closed !== null)
    return new ToolError(
      "failed",
      `${toolName} failed: ${closed ?? `MCP server "${connection.server.name}" closed the connection`} during ` +
        "the call; its tools cannot be used for the rest of this run",
      { cause: error },
    );
  if (code === ErrorCode.InvalidParams)
    return new ToolError("invalid_arguments", `${toolName} refused the arguments: ${message}`, {
      cause: error,
    });
  return new ToolError("failed", `${toolName} failed: ${message}`, { cause: error });
}
