import { insertRows } from "./insert-rows.js";
import { ledgerColumns, ledgerColumnTypes } from "./ledger-rows.js";
import { savePayloads } from "./payload-rows.js";
import { eventColumns, eventColumnTypes, type PreparedBatch } from "./prepare-event-rows.js";
import type { SqlExecutor } from "./sql-executor.js";

/**
 * Inserts a prepared batch: the payloads it refers to, its events and the ledger rows they imply, in as
 * few statements as the parameter limit allows. Call it inside a transaction: a clash on `(run_id, seq)`
 * fails the statement, and the caller's rollback undoes the rest. (`appendInOneStatement` is the fast
 * way for a batch that fits one statement and a run whose head is known.)
 */
export async function insertPreparedBatch(executor: SqlExecutor, batch: PreparedBatch): Promise<void> {
  await savePayloads(executor, batch.payloadRows);
  await insertRows(executor, {
    into: `events (${eventColumns})`,
    columnTypes: eventColumnTypes,
    rows: batch.eventRows,
  });
  await insertRows(executor, {
    into: `budget_ledger (${ledgerColumns})`,
    columnTypes: ledgerColumnTypes,
    rows: batch.ledgerRows,
  });
}
