import { EventSchemaError } from "../../core/errors/index.js";
import { numberFromColumn } from "./column-values.js";
import { MessageListReader, resolveMessageLists } from "./message-list-deltas.js";
import { referencedHashes, referencedPayloadFormats, rehydratePayloads } from "./payload-references.js";

/** An event row as readers select it. */
export interface StoredEventRow {
  seq: unknown;
  payload: unknown;
  payload_format: unknown;
}

// Rows written before payloads existed hold the event as it is.
const inlinePayloadFormat = 0;

/** Whether the row's document holds payload references; throws for a format this build cannot read. */
export function holdsReferences(row: Pick<StoredEventRow, "payload_format">): boolean {
  const format = Number(row.payload_format);
  if (referencedPayloadFormats.includes(format)) return true;
  if (format === inlinePayloadFormat) return false;
  throw new EventSchemaError(
    `an event is stored in payload format ${String(row.payload_format)}, which this build cannot read`,
    { details: { payloadFormat: row.payload_format } },
  );
}

/** The payload hashes a run's rows refer to. */
export function hashesReferencedBy(rows: readonly StoredEventRow[], into = new Set<string>()): Set<string> {
  for (const row of rows) if (holdsReferences(row)) referencedHashes(row.payload, into);
  return into;
}

/**
 * The events' values (not yet validated) from a run's rows in sequence order, in whatever format each was
 * stored: references replaced by `payloadValue(sha256)`, message lists stored as changes rebuilt whole.
 */
export function eventValuesOf(
  rows: readonly StoredEventRow[],
  payloadValue: (sha256: string) => unknown,
): unknown[] {
  const lists = new MessageListReader();
  return rows.map((row) => {
    const document = holdsReferences(row) ? rehydratePayloads(row.payload, payloadValue) : row.payload;
    return resolveMessageLists(document, numberFromColumn(row.seq, "events.seq"), lists);
  });
}
