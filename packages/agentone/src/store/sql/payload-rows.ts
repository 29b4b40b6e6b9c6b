import { StoreError } from "../../core/errors/index.js";
import { sha256Hex } from "../../core/stable-json.js";
import { insertRows } from "./insert-rows.js";
import type { PayloadContents } from "./payload-references.js";
import type { SqlExecutor } from "./sql-executor.js";

const payloadColumnTypes = ["text", "text", "integer"] as const;
// Payloads may be tens of kilobytes each; a hundred per statement keeps statements a few megabytes at most.
const rowsPerInsert = 100;

/**
 * Stores the payloads the database does not hold intact. Call it inside the transaction that writes the
 * events referring to them. Asking first which exist intact keeps a long conversation from being sent to
 * the database again on every model call. The database checks the stored content against its key, so a
 * damaged row is rewritten from this writer's content (migration 005 allows exactly that), never read:
 * a new run does not depend on an old payload being intact. `on conflict` settles a race with another
 * writer.
 */
export async function savePayloads(executor: SqlExecutor, payloads: PayloadContents): Promise<void> {
  if (payloads.size === 0) return;
  const intact = await executor.query<{ sha256: string }>(
    "select sha256 from payloads where sha256 = any($1::text[]) and payload_content_hash(content) = sha256",
    [[...payloads.keys()]],
  );
  const known = new Set(intact.map((row) => row.sha256));
  const missing = [...payloads].filter(([sha256]) => !known.has(sha256));
  await insertRows(executor, {
    into: "payloads (sha256, content, size_bytes)",
    columnTypes: payloadColumnTypes,
    rows: missing.map(([sha256, content]) => [sha256, content, Buffer.byteLength(content, "utf8")]),
    suffix:
      "on conflict (sha256) do update set content = excluded.content, size_bytes = excluded.size_bytes " +
      "where payload_content_hash(payloads.content) <> payloads.sha256",
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
    "select distinct run_id from events where payload_format = 1 and strpos(payload::text, $1) > 0 " +
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
