import type { RunResult } from "../engine/lifecycle/execute-run.js";
import type { ServerContext } from "./server-context.js";

/**
 * Hands work that continues a run (an approval decision, a resume) to the executor and waits only until
 * it has either written to the run (it is under way: the request answers 202), failed before writing
 * (the engine refused it: the error is the request's answer, nothing written), or had to wait for a slot
 * (the server is at its limit: 202, the run unchanged until its turn; a refusal then reaches only the
 * server's log, as the route checked the run's state first). The engine's own checks decide, exactly as
 * for the CLI.
 */
export async function launchRunWork(
  context: ServerContext,
  input: { runId: string; tenant: string; priority: number; work: () => Promise<RunResult> },
): Promise<void> {
  let failure: { error: unknown } | null = null;
  let unsubscribe = () => {};
  const firstWrite = new Promise<void>((resolve) => {
    unsubscribe = context.events.subscribe(input.runId, () => resolve());
  });
  let queued = () => {};
  const waitsForSlot = new Promise<void>((resolve) => {
    queued = resolve;
  });
  const execution = context.executor.submit({
    runId: input.runId,
    tenant: input.tenant,
    priority: input.priority,
    onQueued: async () => queued(),
    execute: () =>
      input.work().catch((error: unknown) => {
        failure = { error };
        throw error;
      }),
  });
  try {
    await Promise.race([firstWrite, execution, waitsForSlot]);
  } finally {
    unsubscribe();
  }
  const failed = failure as { error: unknown } | null;
  if (failed !== null) throw failed.error;
}
