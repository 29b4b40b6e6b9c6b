import { NotFoundError, StoreError } from "../../core/errors/index.js";
import { parseRunEvents } from "../../core/events/parse-run-events.js";
import type { RunEvent } from "../../core/events/run-event.js";
import { foldRunState } from "../../core/run-state/fold-run-state.js";
import { sha256Hex, stableJson } from "../../core/stable-json.js";
import type { IntegrityProblem, LedgerEntry, RunIntegrity } from "../store.js";
import { numberFromColumn } from "./column-values.js";
import { chainHash } from "./event-chain.js";
import { type LedgerRow, ledgerColumns, ledgerEntryFor, ledgerEntryFromRow } from "./ledger-rows.js";
import { referencedHashes } from "./payload-references.js";
import { type RunRow, runColumns, runRecordFromRow } from "./run-rows.js";
import type { SqlExecutor } from "./sql-executor.js";
import { eventValuesOf, holdsReferences } from "./stored-documents.js";

interface ChainRow {
  seq: unknown;
  payload: unknown;
  payload_format: unknown;
  prev_hash: string | null;
  hash: string | null;
}

/**
 * Checks a run's stored history in the order a reader depends on it: the events' hash chain and the run
 * row's head hash, then the payloads the events refer to, then the ledger rows and the run row, which are
 * projections of the events and must say what the events say. Reports the first problem found.
 */
export async function verifyRun(executor: SqlExecutor, runId: string): Promise<RunIntegrity> {
  const [runRow] = await executor.query<RunRow & { head_hash: string | null }>(
    `select ${runColumns}, head_hash from runs where id = $1`,
    [runId],
  );
  if (runRow === undefined) throw new NotFoundError("run", runId);
  const rows = await executor.query<ChainRow>(
    "select seq, payload, payload_format, prev_hash, hash from events where run_id = $1 order by seq",
    [runId],
  );
  const chain = checkChain(rows, runRow.head_hash);
  const result = {
    runId,
    events: rows.length,
    unchainedEvents: chain.unchainedEvents,
    headHash: runRow.head_hash,
  };
  const found = (problem: IntegrityProblem): RunIntegrity => ({ ...result, problem });
  if (chain.problem) return found(chain.problem);

  const loaded = await loadPayloadsOf(executor, rows);
  if (loaded.problem) return found(loaded.problem);
  const rebuilt = rebuildEvents(rows, loaded.values);
  if (rebuilt.problem) return found(rebuilt.problem);
  const { events } = rebuilt;

  const ledgerRows = await executor.query<LedgerRow>(
    `select ${ledgerColumns} from budget_ledger where run_id = $1 order by seq`,
    [runId],
  );
  const ledgerProblem = checkLedger(events, ledgerRows.map(ledgerEntryFromRow));
  if (ledgerProblem) return found(ledgerProblem);

  const runProblem = checkRunRow(events, runRecordFromRow(runRow));
  return runProblem ? found(runProblem) : { ...result, problem: null };
}

function checkChain(
  rows: readonly ChainRow[],
  headHash: string | null,
): { unchainedEvents: number; problem: IntegrityProblem | null } {
  let unchainedEvents = 0;
  let previous: string | null = null;
  const broken = (seq: number | null, message: string, table: IntegrityProblem["table"] = "events") => ({
    unchainedEvents,
    problem: { table, seq, message },
  });
  for (const [index, row] of rows.entries()) {
    const seq = numberFromColumn(row.seq, "events.seq");
    if (seq !== index) return broken(index, `event ${index} is missing (the next stored event is ${seq})`);
    if (row.hash === null) {
      // Events written before chains existed come first; an unhashed event after a hashed one was altered.
      if (previous !== null) return broken(seq, `event ${seq} has no hash, though the events before it do`);
      unchainedEvents++;
      continue;
    }
    if (row.prev_hash !== previous) {
      return broken(seq, `event ${seq} does not follow the event before it: the chain of hashes breaks here`);
    }
    const format = numberFromColumn(row.payload_format, "events.payload_format");
    if (chainHash({ prevHash: row.prev_hash, payloadFormat: format, document: row.payload }) !== row.hash) {
      return broken(
        seq,
        `event ${seq} was changed after it was written: its content does not match its hash`,
      );
    }
    previous = row.hash;
  }
  if (headHash !== previous) {
    const last = rows.length - 1;
    return broken(
      null,
      `the run row's head hash does not match its last event (${last}): events at the end were removed or rewritten, or the run row was changed`,
      "runs",
    );
  }
  return { unchainedEvents, problem: null };
}

async function loadPayloadsOf(
  executor: SqlExecutor,
  rows: readonly ChainRow[],
): Promise<{ values: Map<string, unknown>; problem: IntegrityProblem | null }> {
  const firstReference = new Map<string, number>();
  for (const row of rows) {
    if (!holdsReferences(row)) continue;
    const seq = numberFromColumn(row.seq, "events.seq");
    for (const sha256 of referencedHashes(row.payload, new Set()))
      if (!firstReference.has(sha256)) firstReference.set(sha256, seq);
  }
  const stored = await executor.query<{ sha256: string; content: string }>(
    "select sha256, content from payloads where sha256 = any($1::text[])",
    [[...firstReference.keys()]],
  );
  const contents = new Map(stored.map((row) => [row.sha256, row.content]));
  const values = new Map<string, unknown>();
  for (const [sha256, seq] of firstReference) {
    const content = contents.get(sha256);
    const problem = (message: string) => ({ values, problem: { table: "payloads" as const, seq, message } });
    if (content === undefined) return problem(`payload ${sha256}, referenced by event ${seq}, is missing`);
    if (sha256Hex(content) !== sha256) {
      return problem(`payload ${sha256}, referenced by event ${seq}, no longer matches its hash`);
    }
    values.set(sha256, JSON.parse(content));
  }
  return { values, problem: null };
}

/**
 * The events from their documents, or the first one that cannot be rebuilt: a message list stored as a
 * change to a call that is not there. (Its hash matched, so it was written so, not altered afterwards.)
 */
function rebuildEvents(
  rows: readonly ChainRow[],
  payloads: ReadonlyMap<string, unknown>,
): { events: RunEvent[]; problem: null } | { events: null; problem: IntegrityProblem } {
  try {
    const values = eventValuesOf(rows, (sha256) => payloads.get(sha256));
    return { events: parseRunEvents(values), problem: null };
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    const seq = (error.details as { seq?: unknown } | undefined)?.seq;
    return {
      events: null,
      problem: { table: "events", seq: typeof seq === "number" ? seq : null, message: error.message },
    };
  }
}

function checkLedger(events: readonly RunEvent[], rows: readonly LedgerEntry[]): IntegrityProblem | null {
  const expected = events.map(ledgerEntryFor).filter((entry): entry is LedgerEntry => entry !== undefined);
  const stored = new Map(rows.map((row) => [row.seq, row]));
  for (const entry of expected) {
    const row = stored.get(entry.seq);
    if (row === undefined) {
      return {
        table: "budget_ledger",
        seq: entry.seq,
        message: `the ledger row for event ${entry.seq} is missing`,
      };
    }
    if (stableJson(row) !== stableJson(entry)) {
      return {
        table: "budget_ledger",
        seq: entry.seq,
        message: `the ledger row for event ${entry.seq} differs from the event it was written from`,
      };
    }
    stored.delete(entry.seq);
  }
  const [extra] = stored.keys();
  return extra === undefined
    ? null
    : { table: "budget_ledger", seq: extra, message: `the ledger row ${extra} has no event behind it` };
}

function checkRunRow(
  events: readonly RunEvent[],
  run: ReturnType<typeof runRecordFromRow>,
): IntegrityProblem | null {
  if (events.length === 0) return null;
  const state = foldRunState(events);
  const columns: [string, unknown, unknown][] = [
    ["cost_nano_usd", run.costNanoUsd, state.usage.nanoUsd],
    ["status", run.status, state.status],
    ["outcome", run.outcome, state.outcome],
    ["termination_reason", run.terminationReason, state.terminationReason],
  ];
  const differing = columns.find(([, stored, derived]) => stored !== derived);
  if (differing === undefined) return null;
  const [column, stored, derived] = differing;
  return {
    table: "runs",
    seq: null,
    message: `the run row's ${column} is ${JSON.stringify(stored)}, but its events say ${JSON.stringify(derived)}`,
  };
}
