import { LruCache } from "../../../cache/lru-cache.js";
import { toolCacheKey } from "../../../cache/tool-cache-key.js";
import type { ToolOutput } from "../../../tools/tool.js";

/** A remembered tool output, with the call that produced it. */
export interface CachedToolResult {
  output: ToolOutput;
  step: number;
  callId: string;
}

/** The call a cache entry is for. */
export interface ToolCacheAddress {
  runId: string;
  workspace: string;
  tool: string;
  /** The validated arguments (defaults filled in), so equivalent calls share an entry. */
  arguments: unknown;
}

/**
 * The outputs of read-only, idempotent tool calls, kept in memory for the run that made them. An entry is
 * keyed by the tool, its arguments and the version of the run's workspace: every call that may write
 * (any side effect other than `none`, whether it succeeded or not) moves the workspace to a new version,
 * so a result read before a write is never served after it. Entries never cross runs: a result from
 * another run could predate changes made outside AgentOne.
 *
 * @example
 * ```ts
 * const cache = new ToolResultCache();
 * const key = cache.keyFor({ runId, workspace, tool: "read_file", arguments: { path: "a.txt" } });
 * cache.remember(key, { output, step: 3, callId: "call_1" });
 * cache.invalidateWorkspace(workspace); // after a write: the entry above is no longer found
 * ```
 */
export class ToolResultCache {
  readonly #entries: LruCache<CachedToolResult>;
  readonly #versions = new Map<string, number>();

  constructor(options: { maxEntries?: number } = {}) {
    // Entries never expire by time (a write is what makes them stale), so the cache needs no clock.
    this.#entries = new LruCache({ maxEntries: options.maxEntries ?? 256, now: () => 0 });
  }

  /** The entry key of a call under the workspace's current version. */
  keyFor(address: ToolCacheAddress): string {
    const version = this.#versions.get(address.workspace) ?? 0;
    return toolCacheKey({
      tool: address.tool,
      arguments: address.arguments,
      readVersion: `${address.runId}\n${address.workspace}\n${version}`,
    });
  }

  find(key: string): CachedToolResult | undefined {
    return this.#entries.get(key);
  }

  remember(key: string, result: CachedToolResult): void {
    this.#entries.set(key, result);
  }

  /** Something may have written to the workspace: what was read from it before is stale. */
  invalidateWorkspace(workspace: string): void {
    this.#versions.set(workspace, (this.#versions.get(workspace) ?? 0) + 1);
  }
}
