import type { Tool as McpToolDescription } from "@modelcontextprotocol/sdk/types.js";
import type { McpConnection } from "./connect-mcp-server.js";

/** A server that keeps handing out cursors is broken; this many pages is far beyond any real one. */
const maxPages = 100;

/**
 * Lists every tool a server offers, following `nextCursor` page by page. A cursor that repeats, or a list
 * longer than 100 pages, is an error rather than an endless loop.
 *
 * @example
 * ```ts
 * const tools = await listMcpTools(connection);
 * tools.map((tool) => tool.name); // ["echo", "add"]
 * ```
 */
export async function listMcpTools(connection: McpConnection): Promise<McpToolDescription[]> {
  const tools: McpToolDescription[] = [];
  const cursors = new Set<string>();
  let cursor: string | undefined;
  for (let page = 1; ; page += 1) {
    const result = await connection.client.listTools(cursor === undefined ? undefined : { cursor }, {
      timeout: connection.server.timeoutMs,
    });
    tools.push(...result.tools);
    cursor = result.nextCursor;
    if (cursor === undefined) return tools;
    if (cursors.has(cursor))
      throw new Error(`the server's tool list loops: page ${page} points back to an earlier page`);
    if (page >= maxPages) throw new Error(`the server's tool list does not end after ${maxPages} pages`);
    cursors.add(cursor);
  }
}
