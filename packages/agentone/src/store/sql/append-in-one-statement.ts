import type { RunRecordUpdate } from "../store.js";
import {
  cacheEntryConflictClause,
  newCacheEntryColumns,
  newCacheEntryColumnTypes,
} from "./cache-entry-rows.js";
import { ledgerColumns, ledgerColumnTypes } from "./ledger-rows.js";
import { payloadConflictClause } from "./payload-rows.js";
import {
  eventColumns,
  eventColumnTypes,
  type PreparedBatch,
  payloadColumns,
  payloadColumnTypes,
} from "./prepare-event-rows.js";
import { runUpdateColumns } from "./run-rows.js";
import type { SqlExecutor } from "./sql-executor.js";
import { unnestRows } from "./unnest-rows.js";

/**
 * Appends a prepared batch, and any cache entries the step put, in one statement, so one round trip to the
 * database, when the run's head is still `expectedHead` (the head this store last wrote: the batch was
 * chained from it). The statement
 * locks the run row only if its head is the expected one; every insert and the run row update are
 * conditional on that lock, and a single statement is atomic, so either all of the batch is written or
 * none of it. Returns false, having written nothing, when the head moved (another writer, a rewritten
 * row) or the run is gone: the caller then writes it the slow way, in a transaction that reads the head
 * first. A clash on `(run_id, seq)` fails the statement.
 *
 * The statement's text is the same for every batch (rows travel as arrays, see {@link unnestRows}; each
 * run column is set or kept by a flag), so it is sent as a named statement that the server parses and
 * plans once per connection: planning a new text for each step cost more than the write itself.
 */
export async function appendInOneStatement(
  executor: SqlExecutor,
  input: {
    batch: PreparedBatch;
    expectedHead: string | null;
    update: RunRecordUpdate;
    updatedAt: string;
    /** Cache entries to put with the events, as `cacheEntryRow` gives them (one per address). */
    cacheRows?: readonly (readonly unknown[])[];
  },
): Promise<boolean> {
  const { batch } = input;
  const parameters: unknown[] = [batch.runId, input.expectedHead];
  const guarded = "where exists (select 1 from locked)";
  const payloads = unnestRows(batch.payloadRows, payloadColumnTypes, parameters);
  const events = unnestRows(batch.eventRows, eventColumnTypes, parameters);
  const ledger = unnestRows(batch.ledgerRows, ledgerColumnTypes, parameters);
  const cacheEntries = unnestRows(input.cacheRows ?? [], newCacheEntryColumnTypes, parameters);
  const assignments = runUpdateColumns.map(({ field, column, type }) => {
    const value = input.update[field];
    parameters.push(value !== undefined, value ?? null);
    return `${column} = case when $${parameters.length - 1}::boolean then $${parameters.length}::${type} else ${column} end`;
  });
  parameters.push(batch.memory.head, input.updatedAt);
  assignments.push(
    `head_hash = $${parameters.length - 1}::text`,
    `updated_at = $${parameters.length}::timestamptz`,
  );
  const statement = [
    "with locked as (select id from runs where id = $1 and head_hash is not distinct from $2::text for update)",
    `, new_payloads as (insert into payloads (${payloadColumns}) ${payloads} ${guarded} ${payloadConflictClause})`,
    `, new_events as (insert into events (${eventColumns}) ${events} ${guarded})`,
    `, new_ledger as (insert into budget_ledger (${ledgerColumns}) ${ledger} ${guarded})`,
    `, new_cache_entries as (insert into cache_entries (${newCacheEntryColumns}, hits) `,
    `select *, 0 from (${cacheEntries}) as entries ${guarded} ${cacheEntryConflictClause})`,
    ` update runs set ${assignments.join(", ")} where id = $1 and exists (select 1 from locked) returning id`,
  ].join("");
  const updated = await executor.query(statement, parameters, { name: "agentone_append_events_v2" });
  return updated.length === 1;
}
