import type { TokenCounter } from "../backends/token-counter.js";
import { ConfigError } from "../core/errors/index.js";
import { createDocumentTools } from "./documents/index.js";
import { createGitTools, type GitToolsOptions } from "./git/index.js";
import { createHttpRequestTool, type HttpToolOptions, httpCallTraits } from "./http/index.js";
import { createShellTools, type RunCommandOptions } from "./shell/index.js";
import type { AnyTool } from "./tool.js";
import { createWorkspaceTools } from "./workspace/index.js";

export interface DefaultToolsOptions {
  /** Splits documents into windows for the document tools (the runtime's counter). */
  tokenCounter: TokenCounter;
  /** `run_command`: allowlist, timeout, output cap, environment. */
  shell?: RunCommandOptions;
  git?: GitToolsOptions;
  /**
   * `http_request` is offered only when `allowedHosts` names at least one host. A model that may GET any
   * public URL without approval can carry the workspace's contents anywhere in a query string, so the
   * network is opt-in and limited to the hosts the operator names.
   */
  http?: HttpToolOptions;
  /** Largest document file the document tools read (default 20 MB). */
  documents?: { maxFileBytes?: number };
  /** Further tools offered after the built-in ones, e.g. the tools of mounted MCP servers. */
  extra?: readonly AnyTool[];
}

/** `http_request` with its per-call traits: GET and HEAD read without approval, other methods need it. */
function httpTool(options: HttpToolOptions): AnyTool {
  return { ...createHttpRequestTool(options), traits: httpCallTraits };
}

function refuseDuplicateNames(tools: readonly AnyTool[]): void {
  const seen = new Set<string>();
  for (const tool of tools) {
    if (seen.has(tool.name))
      throw new ConfigError(`two tools are named ${tool.name}; tool names must be unique`, { key: "tools" });
    seen.add(tool.name);
  }
}

/**
 * The tools a runtime offers unless told otherwise, in the order the model sees them: the workspace tools,
 * the git tools, `run_command`, `read_document`, `summarize_document`, then `http_request` (only with allowed hosts) and any
 * `extra` tools. Throws ConfigError on bad options or two tools with one name.
 *
 * @example
 * ```ts
 * const tools = createDefaultTools({ tokenCounter, shell: { allowlist: [["npm", "test"]] } });
 * tools.map((tool) => tool.name);
 * // ["list_files", "read_file", "search", "write_file", "apply_patch", "git_status", "git_diff", "git_log",
 * //  "git_commit", "run_command", "read_document", "summarize_document"]
 * ```
 */
export function createDefaultTools(options: DefaultToolsOptions): AnyTool[] {
  const http = options.http?.allowedHosts?.length ? [httpTool(options.http)] : [];
  const tools = [
    ...createWorkspaceTools(),
    ...createGitTools(options.git),
    ...createShellTools(options.shell),
    ...createDocumentTools({
      tokenCounter: options.tokenCounter,
      ...(options.documents?.maxFileBytes === undefined
        ? {}
        : { maxFileBytes: options.documents.maxFileBytes }),
    }),
    ...http,
    ...(options.extra ?? []),
  ];
  refuseDuplicateNames(tools);
  return tools;
}
