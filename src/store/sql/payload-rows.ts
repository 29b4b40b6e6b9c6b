import { StoreError } from "../../core/errors/index.js";
import { sha256Hex } from "../../core/stable-json.js";
import { insertRows } from "./insert-rows.js";
import type { PayloadContents } from "./payload-references.js";
import type { SqlExecutor } from "./sql-executor.js";

const payloadColumnTypes = ["text", "text", "integer"] as const;
// Payloads may be tens of kilobytes each; a hundred per statement keeps statements a few megabytes at most.
const rowsPerInsert = 100;

/**
 * Stores the payloads the database does not hold yet. Call it inside the transaction that writes the
 * events referring to them. Asking first which exist keeps a long conversation from being sent to the
 * database again on every model call; `on conflict do nothing` settles a race with another writer.
 */
export async function savePayloads(executor: SqlExecutor, payloads: PayloadContents): Promise<void> {
  if (payloads.size === 0) return;
  const existing = await executor.query<{ sha256: string }>(
    "select sha256 from payloads where sha256 = any($1::text[])",
    [[...payloads.keys()]],
  );
  const known = new Set(existing.map((row) => row.sha256));
  const missing = [...payloads].filter(([sha256]) => !known.has(sha256));
  await insertRows(executor, {
    into: "payloads (sha256, content, size_bytes)",
    columnTypes: payloadColumnTypes,
    rows: missing.map(([sha256, content]) => [sha256, content, Buffer.byteLength(content, "utf8")]),
    suffix: "on conflict (sha256) do nothing",
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
      throw new StoreError(`payload ${sha256} is damaged: its content no longer matches its hash`);
    }
    values.set(sha256, JSON.parse(content));
  }
  const absent = [...hashes].find((sha256) => !values.has(sha256));
  if (absent !== undefined) throw new StoreError(`payload ${absent} is referenced but missing`);
  return values;
}
