import type { RunEvent } from "../../core/events/run-event.js";
import { stableJson } from "../../core/stable-json.js";
import type { LedgerEntry } from "../store.js";
import { chainHashOfText } from "./event-chain.js";
import { ledgerEntryFor, ledgerRowValues } from "./ledger-rows.js";
import {
  deltaEncoder,
  type MessageThread,
  threadOf,
  type WrittenMessageList,
} from "./message-list-deltas.js";
import {
  externalizePayloads,
  messageDeltaPayloadFormat,
  type PayloadContents,
} from "./payload-references.js";
import type { BatchMemory, WriterMemory } from "./writer-memory.js";

/** The rows one batch of events becomes, ready to insert, and what the store remembers once they commit. */
export interface PreparedBatch {
  runId: string;
  eventRows: unknown[][];
  ledgerRows: unknown[][];
  /** `[sha256, content, size_bytes]` of the payloads to send (those not known to be stored already). */
  payloadRows: unknown[][];
  memory: BatchMemory;
}

export const eventColumns = "run_id, seq, type, schema_version, at, payload, payload_format, prev_hash, hash";
export const eventColumnTypes = [
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
export const payloadColumns = "sha256, content, size_bytes";
export const payloadColumnTypes = ["text", "text", "integer"] as const;

/**
 * Encodes a batch of one run's events in the current payload format, each chained by hash to the one
 * before (`previousHash`: the run's head so far, null for a new run), with the ledger rows they imply
 * and the payloads they refer to. Pure: nothing is sent, and `memory` is only read.
 */
export function prepareEventRows(input: {
  runId: string;
  events: readonly RunEvent[];
  previousHash: string | null;
  memory: WriterMemory;
}): PreparedBatch {
  const { runId, memory } = input;
  const payloads: PayloadContents = new Map();
  const lists = new Map<MessageThread, WrittenMessageList>();
  let head = input.previousHash;
  const eventRows = input.events.map((event) => {
    const encodeMessages =
      event.type === "model-call-start"
        ? deltaEncoder({
            base: lists.get(threadOf(event)) ?? memory.lastList(runId, threadOf(event)),
            seq: event.seq,
            written: (list) => lists.set(threadOf(event), list),
          })
        : undefined;
    // Canonical text, sent as is, so both drivers store the same document whatever their own serialisers
    // do, and hashed as is: the chain covers the stored document without serialising it a second time.
    const text = stableJson(externalizePayloads(event, payloads, encodeMessages));
    const prevHash = head;
    head = chainHashOfText({ prevHash, payloadFormat: messageDeltaPayloadFormat, documentText: text });
    return [
      event.runId,
      event.seq,
      event.type,
      event.schemaVersion,
      event.at,
      text,
      messageDeltaPayloadFormat,
      prevHash,
      head,
    ];
  });
  const ledgerRows = input.events
    .map(ledgerEntryFor)
    .filter((entry): entry is LedgerEntry => entry !== undefined)
    .map(ledgerRowValues);
  const payloadRows = [...payloads]
    .filter(([sha256]) => !memory.hasPayload(runId, sha256))
    .map(([sha256, content]) => [sha256, content, Buffer.byteLength(content, "utf8")]);
  return {
    runId,
    eventRows,
    ledgerRows,
    payloadRows,
    memory: { head, lists, payloads: [...payloads.keys()] },
  };
}
