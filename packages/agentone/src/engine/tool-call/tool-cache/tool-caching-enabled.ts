import type { RunContext } from "../../run-context.js";

/**
 * Whether this run may reuse tool outputs: the runtime has a tool cache (the CLI leaves it out under
 * `AGENTONE_CACHE=off`) and the run did not turn tool caching off (`RunTask.cache.tools: false`, recorded
 * in run-start's options; absent in older logs).
 */
export function toolCachingEnabled(context: RunContext): boolean {
  return context.runtime.toolCache !== null && context.log.state.options.cache?.tools !== false;
}
