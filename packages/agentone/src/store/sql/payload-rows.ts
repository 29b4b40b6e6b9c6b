import { StoreError } from "../../core/errors/index.js";
import { sha256Hex } from "../../core/stable-json.js";
import { insertRows } from "./insert-rows.js";
import { payloadColumns, payloadColumnTypes } from "./prepare-event-rows.js";
import type { SqlExecutor } from "./sql-executor.js";

// Payloads may be tens of kilobytes each; a hundred per statement keeps statements a few megabytes at most.
const rowsPerInsert = 100;

/**
 * What an insert into `payloads` adds after its values: a payload already stored intact is left alone,
 * and a damaged one (content that no longer hashes to its key) is rewritten from this writer's content,
 * which migration 005 allows exactly: a new run does not depend on an old payload being intact. It also
 * settles a race with another writer of the same payload.
 */
export const payloadConflictClause =
  "on conflict (sha256) do update set content = excluded.content, size_bytes = excluded.size_bytes " +
  "where payload_content_hash(payloads.content) <> payloads.sha256";

/**
 * Stores payloads (`[sha256, content, size_bytes]` rows), keeping those the database holds intact. Call
 * it inside the transaction that writes the events referring to them. Nothing asks first which exist:
 * since a model call stores only the messages new since the previous call (payload format 2), what is
 * sent is mostly new, and the writer leaves out what it already stored for the run.
 */
export async function savePayloads(
  executor: SqlExecutor,
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  await insertRows(executor, {
    into: `payloads (${payloadColumns})`,
    columnTypes: payloadColumnTypes,
    rows,
    suffix: payloadConflictClause,
    rowsPerStatement: rowsPerInsert,
  });
}

/**
 * The parsed values of the given payloads, by hash. Each content is checked against its hash, so a
 * damaged payload is reported instead of silently changing history.
 */
export async function loadPayloads(
  executor: SqlExecutor,
  hashes: ReadonlySet<string>,
): Promise<Map<string, unknown>> {
  const values = new Map<string, unknown>();
  if (hashes.size === 0) return values;
  const rows = await executor.query<{ sha256: string; content: string }>(
    "select sha256, content from payloads where sha256 = any($1::text[])",
    [[...hashes]],
  );
  for (const { sha256, content } of rows) {
    if (sha256Hex(content) !== sha256) {
      throw await unreadablePayload(executor, {
        sha256,
        problem: "is damaged: its content no longer matches its hash",
      });
    }
    values.set(sha256, JSON.parse(content));
  }
  const absent = [...hashes].find((sha256) => !values.has(sha256));
  if (absent !== undefined)
    throw await unreadablePayload(executor, { sha256: absent, problem: "is referenced but missing" });
  return values;
}

// Enough to name the runs a damaged payload affects without flooding the terminal.
const shownRuns = 20;

/** The error for a payload that cannot be read, naming every run whose events refer to it. */
async function unreadablePayload(
  executor: SqlExecutor,
  input: { sha256: string; problem: string },
): Promise<StoreError> {
  // The hash is 64 hex digits, so finding it in a document's text finds the references to it.
  const rows = await executor.query<{ run_id: string }>(
    "select distinct run_id from events where payload_format >= 1 and strpos(payload::text, $1) > 0 " +
      "order by run_id limit $2",
    [input.sha256, shownRuns + 1],
  );
  const runs = rows.map((row) => row.run_id);
  const named = runs.slice(0, shownRuns).join(", ") + (runs.length > shownRuns ? ", …" : "");
  return new StoreError(
    `payload ${input.sha256} ${input.problem}; the runs that refer to it cannot be read: ${named}`,
    { details: { sha256: input.sha256, runs } },
  );
}
