import { formatUsd } from "../budget/money.js";
import type { CacheReport } from "./cache-report.js";
import { formatCount, formatDuration, plural } from "./format.js";

/**
 * The report's cache lines: what was answered without a model call and what that saved (with the run and
 * step each answer came from), the HTTP GETs answered from the HTTP cache, then the providers' prompt-cache
 * share. Nothing when no cache played a part.
 *
 * @example
 * ```ts
 * lines.push(...renderCache(report.cache));
 * ```
 */
export function renderCache(cache: CacheReport): string[] {
  const lines: string[] = [];
  const served = cache.modelHits + cache.planReuses;
  if (served > 0) {
    lines.push(
      "",
      `Cache: ${plural(served, "turn")} answered without a model call (${plural(cache.planReuses, "plan")} reused, ${cache.modelHits} from the response cache), ` +
        `saving ${formatUsd(cache.savedUsd)} and ${formatDuration(cache.savedMs)} · ${plural(cache.misses, "miss", "misses")}`,
    );
    for (const hit of cache.hits)
      lines.push(
        `  step ${hit.step} ${hit.layer === "plan" ? "plan reused" : "answer"} from ${hit.sourceRunId ?? "?"} step ${hit.sourceStep ?? "?"} (${hit.model}${hit.simulated ? ", simulated" : ""}; saved ${formatUsd(hit.savedUsd)}, ${formatDuration(hit.savedMs)})`,
      );
  } else if (cache.misses > 0) {
    lines.push("", `Cache: no hits · ${plural(cache.misses, "answer")} stored for later runs`);
  }
  const httpServed = cache.httpHits + cache.httpRevalidations;
  if (httpServed > 0) {
    if (lines.length === 0) lines.push("");
    lines.push(
      `HTTP cache: ${httpServed} GETs answered from stored responses (${cache.httpHits} fresh with no request, ${cache.httpRevalidations} revalidated by a 304)`,
    );
  }
  const prompt = cache.prompt;
  if (prompt.cachedInputTokens > 0 || prompt.cacheWriteTokens > 0)
    lines.push(
      `Prompt cache: ${formatCount(prompt.cachedInputTokens)} of ${formatCount(prompt.inputTokens)} input tokens read from the providers' caches (${Math.round(prompt.cachedShare * 100)}%), ${formatCount(prompt.cacheWriteTokens)} written`,
    );
  return lines;
}
