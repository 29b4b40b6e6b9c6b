import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { AnyTool } from "agentone";
import { ToolError } from "agentone";

/** The name a task's service is reached by in a benchmark run, whatever port it listens on. */
export const serviceAliasUrl = "http://service.bench.internal";

/** A task service's stable name and its live address (`http://127.0.0.1:<port>`). */
export interface ServiceAddress {
  alias: string;
  live: string;
}

const swap = (text: string, from: string, to: string) => text.split(from).join(to);

/**
 * Replaces a task service's live base URL with {@link serviceAliasUrl} in the goal and in the workspace's
 * files. The service listens on a free port, different every time; simulated models answer as a function
 * of everything they read, so a port in the goal would make two runs of one seed differ. The bench's
 * `http_request` maps the alias back (see {@link withServiceAddress}).
 *
 * @example
 * ```ts
 * const goal = await aliasServiceAddress({ goal: prepared.goal, workspace: prepared.workspace,
 *   address: { alias: serviceAliasUrl, live: prepared.services.baseUrl } });
 * ```
 */
export async function aliasServiceAddress(input: {
  goal: string;
  workspace: string;
  address: ServiceAddress;
}): Promise<string> {
  const { alias, live } = input.address;
  const entries = await readdir(input.workspace, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = await readFile(file, "utf8");
    if (text.includes(live)) await writeFile(file, swap(text, live, alias));
  }
  return swap(input.goal, live, alias);
}

/**
 * The `http_request` tool reaching a task's service by its alias: the alias in a URL becomes the live
 * address before the call (which then passes the tool's own checks against the live host), and the live
 * address in the answer or an error becomes the alias again.
 *
 * @example
 * ```ts
 * const tool = withServiceAddress(httpTool, { alias: serviceAliasUrl, live: "http://127.0.0.1:41234" });
 * ```
 */
export function withServiceAddress(tool: AnyTool, address: ServiceAddress): AnyTool {
  const liveHost = new URL(address.live).hostname;
  const aliasHost = new URL(address.alias).hostname;
  return {
    ...tool,
    description: swap(tool.description, liveHost, aliasHost),
    async execute(input, context) {
      const request = input as { url?: unknown };
      const url =
        typeof request.url === "string" ? swap(request.url, address.alias, address.live) : request.url;
      try {
        const output = await tool.execute({ ...request, url }, context);
        return { ...output, content: swap(output.content, address.live, address.alias) };
      } catch (error) {
        if (!(error instanceof ToolError)) throw error;
        throw new ToolError(error.reason, swap(error.message, address.live, address.alias), { cause: error });
      }
    },
  };
}
