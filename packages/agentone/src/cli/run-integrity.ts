import { IntegrityError } from "../core/errors/index.js";
import type { RunIntegrity, Store } from "../store/store.js";

/** The error for a run whose stored history contradicts itself, naming the table and the first seq. */
export function integrityErrorOf(integrity: RunIntegrity): IntegrityError | null {
  const { problem } = integrity;
  if (problem === null) return null;
  const where = problem.seq === null ? problem.table : `${problem.table} at seq ${problem.seq}`;
  return new IntegrityError(`run ${integrity.runId} fails verification in ${where}: ${problem.message}`, {
    details: { runId: integrity.runId, table: problem.table, seq: problem.seq },
  });
}

/** Verifies the run before its history is used; throws IntegrityError if it has been tampered with. */
export async function assertRunIntact(store: Store, runId: string): Promise<void> {
  const error = integrityErrorOf(await store.verifyRun(runId));
  if (error) throw error;
}
