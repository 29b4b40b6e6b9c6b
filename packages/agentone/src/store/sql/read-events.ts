import { parseRunEvents } from "../../core/events/parse-run-events.js";
import type { RunEvent } from "../../core/events/run-event.js";
import type { StorageStats } from "../store.js";
import { numberFromColumn } from "./column-values.js";
import { loadPayloads } from "./payload-rows.js";
import type { SqlExecutor } from "./sql-executor.js";
import { eventValuesOf, hashesReferencedBy, type StoredEventRow } from "./stored-documents.js";

/**
 * A run's events in sequence order, rebuilt from their stored documents and validated. The payloads
 * they refer to are read in one query. No transaction is needed: a payload commits with the first event
 * that refers to it and is never removed.
 */
export async function readEvents(executor: SqlExecutor, runId: string): Promise<RunEvent[]> {
  const rows = await executor.query<StoredEventRow>(
    "select seq, payload, payload_format from events where run_id = $1 order by seq",
    [runId],
  );
  const values = await loadPayloads(executor, hashesReferencedBy(rows));
  return parseRunEvents(eventValuesOf(rows, (sha256) => values.get(sha256)));
}

/** Counts the bytes of JSON text a run's event rows hold, and those of the distinct payloads they name. */
export async function readStorageStats(executor: SqlExecutor, runId: string): Promise<StorageStats> {
  const rows = await executor.query<StoredEventRow & { bytes: unknown }>(
    "select seq, payload, payload_format, octet_length(payload::text) as bytes from events where run_id = $1",
    [runId],
  );
  let eventBytes = 0;
  for (const row of rows) eventBytes += numberFromColumn(row.bytes, "octet_length(events.payload)");
  const hashes = hashesReferencedBy(rows);
  const [totals] = await executor.query<{ payloads: unknown; bytes: unknown }>(
    "select count(*) as payloads, coalesce(sum(size_bytes), 0) as bytes from payloads where sha256 = any($1::text[])",
    [[...hashes]],
  );
  return {
    eventBytes,
    payloadBytes: numberFromColumn(totals?.bytes ?? 0, "sum(payloads.size_bytes)"),
    payloads: numberFromColumn(totals?.payloads ?? 0, "count(payloads)"),
  };
}
