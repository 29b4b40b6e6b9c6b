import type { RunEvent } from "../../core/events/run-event.js";
import type { LedgerEntry } from "../store.js";
import { chainHash } from "./event-chain.js";
import { insertRows } from "./insert-rows.js";
import { ledgerColumns, ledgerColumnTypes, ledgerEntryFor, ledgerRowValues } from "./ledger-rows.js";
import { externalizePayloads, type PayloadContents, referencedPayloadFormat } from "./payload-references.js";
import { savePayloads } from "./payload-rows.js";
import type { SqlExecutor } from "./sql-executor.js";

const eventColumnTypes = [
  "text",
  "integer",
  "text",
  "integer",
  "timestamptz",
  "jsonb",
  "smallint",
  "text",
  "text",
] as const;

/**
 * Inserts a batch of events, the payloads they refer to and the ledger rows they imply, each event chained
 * to the one before by hash (`previousHash`: the run's head so far, null for a new run). Returns the new
 * head. Call it inside a transaction: a clash on `(run_id, seq)` fails the statement, and the caller's
 * rollback undoes the rest.
 */
export async function writeEvents(
  executor: SqlExecutor,
  events: readonly RunEvent[],
  previousHash: string | null,
): Promise<string | null> {
  if (events.length === 0) return previousHash;
  const payloads: PayloadContents = new Map();
  let head = previousHash;
  const eventRows = events.map((event) => {
    // Sent as JSON text, so both drivers store the same document whatever their own serialisers do.
    const text = JSON.stringify(externalizePayloads(event, payloads));
    const prevHash = head;
    head = chainHash({ prevHash, payloadFormat: referencedPayloadFormat, document: JSON.parse(text) });
    return [
      event.runId,
      event.seq,
      event.type,
      event.schemaVersion,
      event.at,
      text,
      referencedPayloadFormat,
      prevHash,
      head,
    ];
  });
  await savePayloads(executor, payloads);
  await insertRows(executor, {
    into: "events (run_id, seq, type, schema_version, at, payload, payload_format, prev_hash, hash)",
    columnTypes: eventColumnTypes,
    rows: eventRows,
  });

  const entries = events.map(ledgerEntryFor).filter((entry): entry is LedgerEntry => entry !== undefined);
  await insertRows(executor, {
    into: `budget_ledger (${ledgerColumns})`,
    columnTypes: ledgerColumnTypes,
    rows: entries.map(ledgerRowValues),
  });
  return head;
}
