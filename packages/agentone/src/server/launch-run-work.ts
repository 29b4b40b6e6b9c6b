import type { RunResult } from "../engine/lifecycle/execute-run.js";
import type { ServerContext } from "./server-context.js";

/**
 * Hands work that continues a run (an approval decision, a resume) to the executor and waits only until
 * it has either written to the run (it is under way: the request answers 202) or failed before writing
 * (the engine refused it: the error is the request's answer, nothing written). The engine's own checks
 * decide, exactly as for the CLI.
 */
export async function launchRunWork(
  context: ServerContext,
  input: { runId: string; tenant: string; work: () => Promise<RunResult> },
): Promise<void> {
  let failure: { error: unknown } | null = null;
  let unsubscribe = () => {};
  const firstWrite = new Promise<void>((resolve) => {
    unsubscribe = context.events.subscribe(input.runId, () => resolve());
  });
  const execution = context.executor.submit({
    runId: input.runId,
    tenant: input.tenant,
    priority: 0,
    execute: () =>
      input.work().catch((error: unknown) => {
        failure = { error };
        throw error;
      }),
  });
  try {
    await Promise.race([firstWrite, execution]);
  } finally {
    unsubscribe();
  }
  const failed = failure as { error: unknown } | null;
  if (failed !== null) throw failed.error;
}
