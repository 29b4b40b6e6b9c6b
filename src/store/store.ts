import type { RunEvent } from "../core/events/run-event.js";
import type { RunOutcome, RunStatus } from "../core/run-status.js";

/** The row kept per run: a projection of its events, for listing and lookup. */
export interface RunRecord {
  id: string;
  goal: string;
  workspace: string;
  status: RunStatus;
  outcome: RunOutcome | null;
  terminationReason: string | null;
  parentRunId: string | null;
  /** Spend so far, in nano-dollars. */
  costNanoUsd: number;
  createdAt: string;
  updatedAt: string;
}

/** One row of the budget ledger, written from `budget-reserve` and `budget-settle` events. */
export interface LedgerEntry {
  runId: string;
  seq: number;
  reservationId: string;
  kind: "reserve" | "settle";
  step: number;
  nanoUsd: number;
  inputTokens: number;
  outputTokens: number;
  toolCalls: number;
  modelCalls: number;
  at: string;
}

/** Fields of the run row that change as the run goes. */
export type RunRecordUpdate = Partial<
  Pick<RunRecord, "status" | "outcome" | "terminationReason" | "costNanoUsd">
>;

/**
 * Persistence. PGlite (embedded) by default, PostgreSQL when `DATABASE_URL` is set; one SQL dialect and one
 * set of migrations for both. Events are append-only with a unique `(run_id, seq)`; a batch of events is
 * written in one transaction together with the ledger rows and the run row update it implies.
 *
 * @example
 * ```ts
 * const store = await openStore({ home: ".agentone" });
 * const runs = await store.listRuns({ limit: 20 });
 * await store.close();
 * ```
 */
export interface Store {
  /** Inserts the run row and its first events in one transaction. */
  createRun(run: RunRecord, events: RunEvent[]): Promise<void>;
  /** Appends a batch of events atomically; rejects (writing nothing) if any `(run_id, seq)` exists. */
  appendEvents(runId: string, events: RunEvent[], update?: RunRecordUpdate): Promise<void>;
  getRun(runId: string): Promise<RunRecord | undefined>;
  /** Resolves a full id or a unique prefix; throws NotFoundError for none, UsageError for several. */
  resolveRunId(idOrPrefix: string): Promise<string>;
  listRuns(options?: { limit?: number }): Promise<RunRecord[]>;
  /** The run's events in sequence order, validated against the event schema. */
  readEvents(runId: string): Promise<RunEvent[]>;
  readLedger(runId: string): Promise<LedgerEntry[]>;
  close(): Promise<void>;
}
