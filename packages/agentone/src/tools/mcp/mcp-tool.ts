import type { Tool as McpToolDescription } from "@modelcontextprotocol/sdk/types.js";
import { ToolError } from "../../core/errors/index.js";
import type { Tool } from "../tool.js";
import type { McpConnection } from "./connect-mcp-server.js";
import { type ArgumentsCheck, mcpArgumentsSchema } from "./mcp-arguments-schema.js";
import { mcpCallError } from "./mcp-call-error.js";
import { mcpResultText } from "./mcp-result-text.js";
import { mcpToolPolicy } from "./mcp-tool-policy.js";

/** Sent with every call in `_meta`, so a server that honours it never repeats an effect for one call. */
export const idempotencyKeyMeta = "agentone/idempotency-key";

/** A tool served by an MCP server, as AgentOne offers it to the model. */
export interface McpTool extends Tool<Record<string, unknown>> {
  /**
   * The input JSON Schema exactly as the server published it. The model should be shown this rather than
   * the zod schema's rendering of it, which may lose detail.
   */
  inputJsonSchema: Record<string, unknown>;
  mcp: { server: string; tool: string; argumentsCheck: ArgumentsCheck };
}

function invalidArguments(toolName: string, issues: readonly { path: PropertyKey[]; message: string }[]) {
  const details = issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join(".") || "(arguments)"}: ${issue.message}`)
    .join("; ");
  return new ToolError("invalid_arguments", `invalid arguments for ${toolName}: ${details}`);
}

/**
 * Wraps one tool of a connected MCP server. Arguments are checked against the tool's JSON Schema before
 * anything is sent; the call carries the context's signal and the server's timeout; the result's content
 * becomes text, and a result flagged `isError` becomes a ToolError the model reads.
 *
 * @example
 * ```ts
 * const tool = createMcpTool({ connection, mcpTool, name: "notes__echo" });
 * await tool.execute({ text: "hi" }, context); // { content: "hi", metadata: { mcpServer: "notes", mcpTool: "echo" } }
 * ```
 */
export function createMcpTool(input: {
  connection: McpConnection;
  mcpTool: McpToolDescription;
  name: string;
}): McpTool {
  const { connection, mcpTool, name } = input;
  const server = connection.server;
  const inputJsonSchema = mcpTool.inputSchema as Record<string, unknown>;
  const { schema, check } = mcpArgumentsSchema(inputJsonSchema);
  return {
    name,
    description:
      mcpTool.description ??
      mcpTool.title ??
      `Tool ${JSON.stringify(mcpTool.name)} of the MCP server ${JSON.stringify(server.name)}.`,
    inputSchema: schema,
    inputJsonSchema,
    mcp: { server: server.name, tool: mcpTool.name, argumentsCheck: check },
    ...mcpToolPolicy({ tool: mcpTool.name, annotations: mcpTool.annotations, server }),
    async execute(argumentsGiven, context) {
      if (context.signal.aborted)
        throw new ToolError("timeout", `the call to ${name} was stopped before it started`);
      // The engine has validated already; direct callers get the same refusal.
      const parsed = schema.safeParse(argumentsGiven);
      if (!parsed.success) throw invalidArguments(name, parsed.error.issues);
      const closed = connection.closedBecause();
      if (closed !== null)
        throw new ToolError(
          "failed",
          `${name} is unavailable: ${closed}; its tools cannot be used for the rest of this run`,
        );
      let result: Awaited<ReturnType<typeof connection.client.callTool>>;
      try {
        result = await connection.client.callTool(
          {
            name: mcpTool.name,
            arguments: parsed.data,
            _meta: { [idempotencyKeyMeta]: context.idempotencyKey },
          },
          undefined,
          { signal: context.signal, timeout: server.timeoutMs },
        );
      } catch (error) {
        throw mcpCallError(error, { toolName: name, connection, signal: context.signal });
      }
      const text = mcpResultText(result);
      if (result.isError === true)
        throw new ToolError("failed", `${name} reported an error: ${text || "(no message)"}`);
      return { content: text, metadata: { mcpServer: server.name, mcpTool: mcpTool.name } };
    },
  };
}
