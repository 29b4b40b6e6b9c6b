import type { RunEvent } from "../../core/events/run-event.js";
import type { LedgerEntry } from "../store.js";
import { insertRows } from "./insert-rows.js";
import { ledgerColumns, ledgerColumnTypes, ledgerEntryFor, ledgerRowValues } from "./ledger-rows.js";
import { externalizePayloads, type PayloadContents, referencedPayloadFormat } from "./payload-references.js";
import { savePayloads } from "./payload-rows.js";
import type { SqlExecutor } from "./sql-executor.js";

const eventColumnTypes = ["text", "integer", "text", "integer", "timestamptz", "jsonb", "smallint"] as const;

/**
 * Inserts a batch of events, the payloads they refer to and the ledger rows they imply. Call it inside a
 * transaction: a clash on `(run_id, seq)` fails the statement, and the caller's rollback undoes the rest.
 */
export async function writeEvents(executor: SqlExecutor, events: readonly RunEvent[]): Promise<void> {
  if (events.length === 0) return;
  const payloads: PayloadContents = new Map();
  const eventRows = events.map((event) => [
    event.runId,
    event.seq,
    event.type,
    event.schemaVersion,
    event.at,
    // Sent as JSON text, so both drivers store the same document whatever their own serialisers do.
    JSON.stringify(externalizePayloads(event, payloads)),
    referencedPayloadFormat,
  ]);
  await savePayloads(executor, payloads);
  await insertRows(executor, {
    into: "events (run_id, seq, type, schema_version, at, payload, payload_format)",
    columnTypes: eventColumnTypes,
    rows: eventRows,
  });

  const entries = events.map(ledgerEntryFor).filter((entry): entry is LedgerEntry => entry !== undefined);
  if (entries.length === 0) return;
  await insertRows(executor, {
    into: `budget_ledger (${ledgerColumns})`,
    columnTypes: ledgerColumnTypes,
    rows: entries.map(ledgerRowValues),
  });
}
