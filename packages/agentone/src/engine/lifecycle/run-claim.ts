import { UsageError } from "../../core/errors/index.js";
import type { Store } from "../../store/store.js";

/**
 * Runs `work` while this process holds the run's claim (`Store.holdRun`), and gives the claim up however
 * `work` ends. Refuses (UsageError, `work` not called) a run whose claim a live process holds. Whoever
 * writes to a run's log takes the claim before its first write: `agentone kill` ends a run itself when it
 * can take the claim, so a write made without it could land in a run just ended as abandoned.
 *
 * @example
 * ```ts
 * const result = await withRunClaim(runtime.store, runId, async () => {
 *   const log = await openLog(runId); // read only once nobody else can write it
 *   return executeHeldRun(runtime, log);
 * });
 * ```
 */
export async function withRunClaim<T>(store: Store, runId: string, work: () => Promise<T>): Promise<T> {
  const hold = await claimRun(store, runId);
  try {
    return await work();
  } finally {
    await hold?.release();
  }
}

async function claimRun(store: Store, runId: string) {
  if (store.holdRun === undefined) return undefined;
  const hold = await store.holdRun(runId);
  if (hold === undefined) {
    throw new UsageError(
      `run ${runId} is being executed by another process; wait for it, or stop it with \`agentone kill ${runId}\``,
    );
  }
  return hold;
}
