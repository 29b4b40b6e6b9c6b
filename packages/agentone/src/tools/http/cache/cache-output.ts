import type { ToolOutput } from "../../tool.js";
import type { HttpCacheOutcome } from "./http-cache.js";

/**
 * Adds how the cache answered to a rendered GET: metadata `cache` (`"hit" | "revalidated" | "miss" |
 * "bypass"`), `cacheStored` (the response was stored) and, for a hit, `cacheAgeSeconds`. The content is
 * left as rendered, except that a hit says so in one line after the status line.
 *
 * @example
 * ```ts
 * withCacheOutcome(formatResponse({ final: outcome.final, method: "GET", maxResponseBytes }), outcome);
 * // content "HTTP 200 OK\n(from cache, age 42 s)\n...", metadata { ..., cache: "hit", cacheStored: false, cacheAgeSeconds: 42 }
 * ```
 */
export function withCacheOutcome(output: ToolOutput, outcome: HttpCacheOutcome): ToolOutput {
  const metadata: Record<string, unknown> = {
    ...output.metadata,
    cache: outcome.status,
    cacheStored: outcome.stored,
  };
  if (outcome.status !== "hit") return { content: output.content, metadata };
  metadata.cacheAgeSeconds = outcome.ageSeconds;
  const [statusLine, ...rest] = output.content.split("\n");
  const content = [statusLine, `(from cache, age ${outcome.ageSeconds ?? 0} s)`, ...rest].join("\n");
  return { content, metadata };
}
