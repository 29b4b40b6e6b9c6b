import { sha256Hex, stableJson } from "../core/stable-json.js";

/** Everything that decides what a read-only tool call returns. */
export interface ToolCacheKeyInput {
  tool: string;
  /**
   * The parsed arguments, after the tool's input schema filled in defaults, so equivalent calls share a
   * key whatever their key order or spacing. Not the raw argument text.
   */
  arguments: unknown;
  /**
   * The state of what the tool read, e.g. a `workspaceFingerprint` (tools/workspace) of the files it touched: a
   * changed file changes the key, so stale results are never served.
   */
  readVersion: string;
}

const keyLayoutVersion = 1;

/**
 * The cache key of a tool call: SHA-256 of the canonical JSON of the tool name, its arguments and the
 * version of what it read.
 *
 * @example
 * ```ts
 * const readVersion = await workspaceFingerprint({ root, files: ["src/a.ts"] });
 * const key = toolCacheKey({ tool: "read_file", arguments: { path: "src/a.ts" }, readVersion });
 * ```
 */
export function toolCacheKey(input: ToolCacheKeyInput): string {
  return sha256Hex(
    stableJson({
      layout: keyLayoutVersion,
      tool: input.tool,
      arguments: input.arguments,
      readVersion: input.readVersion,
    }),
  );
}
