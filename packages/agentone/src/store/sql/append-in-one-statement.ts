import type { RunRecordUpdate } from "../store.js";
import { valuePlaceholders } from "./column-values.js";
import { maxParametersPerStatement } from "./insert-rows.js";
import { ledgerColumns, ledgerColumnTypes } from "./ledger-rows.js";
import { payloadConflictClause } from "./payload-rows.js";
import {
  eventColumns,
  eventColumnTypes,
  type PreparedBatch,
  payloadColumns,
  payloadColumnTypes,
} from "./prepare-event-rows.js";
import { runUpdateAssignments } from "./run-rows.js";
import type { SqlExecutor } from "./sql-executor.js";

/**
 * Appends a prepared batch in one statement, so one round trip to the database, when the run's head is
 * still `expectedHead` (the head this store last wrote: the batch was chained from it). The statement
 * locks the run row only if its head is the expected one; every insert and the run row update are
 * conditional on that lock, and a single statement is atomic, so either all of the batch is written or
 * none of it. Returns false, having written nothing, when the head moved (another writer, a rewritten
 * row), the run is gone, or the batch is too large for one statement: the caller then writes it the slow
 * way, in a transaction that reads the head first. A clash on `(run_id, seq)` fails the statement.
 */
export async function appendInOneStatement(
  executor: SqlExecutor,
  input: { batch: PreparedBatch; expectedHead: string | null; update: RunRecordUpdate; updatedAt: string },
): Promise<boolean> {
  const { batch } = input;
  const parameters: unknown[] = [batch.runId, input.expectedHead];
  const widths =
    batch.payloadRows.length * payloadColumnTypes.length +
    batch.eventRows.length * eventColumnTypes.length +
    batch.ledgerRows.length * ledgerColumnTypes.length;
  if (widths + parameters.length + 6 > maxParametersPerStatement) return false;

  const guarded = "where exists (select 1 from locked)";
  const inserts: string[] = [];
  const insert = (clause: {
    name: string;
    into: string;
    columnTypes: readonly string[];
    rows: unknown[][];
    suffix?: string;
  }) => {
    if (clause.rows.length === 0) return;
    const offset = parameters.length;
    const placeholders = valuePlaceholders(clause.rows.length, clause.columnTypes).replace(
      /\$(\d+)/g,
      (_, number: string) => `$${Number(number) + offset}`,
    );
    parameters.push(...clause.rows.flat());
    inserts.push(
      `${clause.name} as (insert into ${clause.into} select * from (values ${placeholders}) as new_rows ` +
        `${guarded} ${clause.suffix ?? ""})`,
    );
  };
  insert({
    name: "new_payloads",
    into: `payloads (${payloadColumns})`,
    columnTypes: payloadColumnTypes,
    rows: batch.payloadRows,
    suffix: payloadConflictClause,
  });
  insert({
    name: "new_events",
    into: `events (${eventColumns})`,
    columnTypes: eventColumnTypes,
    rows: batch.eventRows,
  });
  insert({
    name: "new_ledger",
    into: `budget_ledger (${ledgerColumns})`,
    columnTypes: ledgerColumnTypes,
    rows: batch.ledgerRows,
  });

  const { assignments, values } = runUpdateAssignments(input.update, parameters.length + 1);
  parameters.push(...values);
  parameters.push(batch.memory.head, input.updatedAt);
  assignments.push(
    `head_hash = $${parameters.length - 1}::text`,
    `updated_at = $${parameters.length}::timestamptz`,
  );

  const statement = [
    "with locked as (select id from runs where id = $1 and head_hash is not distinct from $2::text for update)",
    ...inserts.map((clause) => `, ${clause}`),
    ` update runs set ${assignments.join(", ")} where id = $1 and exists (select 1 from locked) returning id`,
  ].join("");
  const updated = await executor.query(statement, parameters);
  return updated.length === 1;
}
