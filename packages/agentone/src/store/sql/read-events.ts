import { EventSchemaError } from "../../core/errors/index.js";
import { parseRunEvent, type RunEvent } from "../../core/events/run-event.js";
import type { StorageStats } from "../store.js";
import { numberFromColumn } from "./column-values.js";
import { referencedHashes, referencedPayloadFormat, rehydratePayloads } from "./payload-references.js";
import { loadPayloads } from "./payload-rows.js";
import type { SqlExecutor } from "./sql-executor.js";

interface StoredEventRow {
  payload: unknown;
  payload_format: unknown;
}

// Rows written before payloads existed hold the event as it is.
const inlinePayloadFormat = 0;

/**
 * A run's events in sequence order, rebuilt from their stored documents and validated. The payloads
 * they refer to are read in one query. No transaction is needed: a payload commits with the first event
 * that refers to it and is never removed.
 */
export async function readEvents(executor: SqlExecutor, runId: string): Promise<RunEvent[]> {
  const rows = await executor.query<StoredEventRow>(
    "select payload, payload_format from events where run_id = $1 order by seq",
    [runId],
  );
  const hashes = new Set<string>();
  for (const row of rows) if (holdsReferences(row)) referencedHashes(row.payload, hashes);
  const values = await loadPayloads(executor, hashes);
  return rows.map((row) =>
    parseRunEvent(
      holdsReferences(row) ? rehydratePayloads(row.payload, (sha256) => values.get(sha256)) : row.payload,
    ),
  );
}

/** Counts the bytes of JSON text a run's event rows hold, and those of the distinct payloads they name. */
export async function readStorageStats(executor: SqlExecutor, runId: string): Promise<StorageStats> {
  const rows = await executor.query<StoredEventRow & { bytes: unknown }>(
    "select payload, payload_format, octet_length(payload::text) as bytes from events where run_id = $1",
    [runId],
  );
  let eventBytes = 0;
  const hashes = new Set<string>();
  for (const row of rows) {
    eventBytes += numberFromColumn(row.bytes, "octet_length(events.payload)");
    if (holdsReferences(row)) referencedHashes(row.payload, hashes);
  }
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

function holdsReferences(row: StoredEventRow): boolean {
  const format = Number(row.payload_format);
  if (format === referencedPayloadFormat) return true;
  if (format === inlinePayloadFormat) return false;
  throw new EventSchemaError(
    `an event is stored in payload format ${String(row.payload_format)}, which this build cannot read`,
    { details: { payloadFormat: row.payload_format } },
  );
}
