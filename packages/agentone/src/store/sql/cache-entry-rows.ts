import { UsageError } from "../../core/errors/index.js";
import { stableJson } from "../../core/stable-json.js";
import {
  type CacheEntry,
  type CacheEntryAddress,
  type CacheEntryInput,
  type CacheEntrySelection,
  cacheNamespaces,
} from "../cache-entry.js";
import { isoTimeFromColumn, numberFromColumn } from "./column-values.js";
import type { SqlExecutor } from "./sql-executor.js";

interface CacheEntryRow {
  namespace: CacheEntry["namespace"];
  tenant: string;
  key: string;
  value: unknown;
  source_run_id: string | null;
  source_step: unknown;
  created_at: unknown;
  expires_at: unknown;
  hits: unknown;
}

const cacheColumns =
  "namespace, tenant, key, value, source_run_id, source_step, created_at, expires_at, hits";
const addressMatch = "namespace = $1 and tenant = $2";

export async function selectCacheEntry(
  executor: SqlExecutor,
  lookup: CacheEntryAddress & { now: string },
): Promise<CacheEntry | undefined> {
  const now = checkedTime(lookup.now, "now");
  const rows = await executor.query<CacheEntryRow>(
    `select ${cacheColumns} from cache_entries where ${addressMatch} and key = $3 ` +
      "and (expires_at is null or expires_at > $4::timestamptz)",
    [...checkedAddress(lookup), now],
    // Every model call looks its answer up first: a statement planned once per connection.
    { name: "agentone_select_cache_entry" },
  );
  return rows[0] === undefined ? undefined : cacheEntryFromRow(rows[0]);
}

/** The columns of a new entry as {@link cacheEntryRow} gives them, in order, with their types. */
export const newCacheEntryColumns =
  "namespace, tenant, key, value, source_run_id, source_step, created_at, expires_at";
export const newCacheEntryColumnTypes = [
  "text",
  "text",
  "text",
  "jsonb",
  "text",
  "integer",
  "timestamptz",
  "timestamptz",
] as const;

/** Where {@link cacheEntryRow} puts the value's canonical JSON. */
export const cacheValueColumn = 3;

/** What a write of new entries does on an address already taken: replace the entry, its hits start over. */
export const cacheEntryConflictClause =
  "on conflict (namespace, tenant, key) do update set value = excluded.value, " +
  "source_run_id = excluded.source_run_id, source_step = excluded.source_step, " +
  "created_at = excluded.created_at, expires_at = excluded.expires_at, hits = 0";

/** The entry as a row of {@link newCacheEntryColumns}, checked first; the value as canonical JSON text. */
export function cacheEntryRow(entry: CacheEntryInput): unknown[] {
  const address = checkedAddress(entry);
  const createdAt = checkedTime(entry.createdAt, "createdAt");
  const expiresAt = entry.expiresAt === null ? null : checkedTime(entry.expiresAt, "expiresAt");
  if (entry.sourceStep !== null && !Number.isInteger(entry.sourceStep)) {
    throw new UsageError(
      `a cache entry's sourceStep must be a whole number or null, not ${entry.sourceStep}`,
    );
  }
  if (entry.value === undefined) throw new UsageError("a cache entry needs a value; undefined is not JSON");
  return [...address, stableJson(entry.value), entry.sourceRunId, entry.sourceStep, createdAt, expiresAt];
}

/**
 * Whether a `jsonb` column refuses this canonical JSON: PostgreSQL's JSON has no NUL character (`\u0000`)
 * and no lone surrogate (which canonical JSON writes as an escape, `\ud800`); a pair is written as the
 * character itself.
 */
export function jsonbRefuses(json: string): boolean {
  // An escape is a backslash not itself escaped: one preceded by an even number of backslashes.
  return /(?:^|[^\\])(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i.test(json);
}

/**
 * The last entry given for each address, in address order: one statement may not write an address twice
 * ("on conflict do update" refuses to touch a row it inserted), the later entry is the one a series of
 * puts leaves, and two writers that lock the same rows in the same order cannot deadlock.
 */
export function lastEntryPerAddress(entries: readonly CacheEntryInput[]): CacheEntryInput[] {
  const byAddress = new Map<string, CacheEntryInput>();
  for (const entry of entries) byAddress.set(`${entry.namespace}\n${entry.tenant}\n${entry.key}`, entry);
  return [...byAddress.keys()].sort().map((address) => byAddress.get(address) as CacheEntryInput);
}

export async function upsertCacheEntry(executor: SqlExecutor, entry: CacheEntryInput): Promise<void> {
  await executor.query(
    `insert into cache_entries (${newCacheEntryColumns}, hits) ` +
      "values ($1, $2, $3, $4::jsonb, $5, $6::integer, $7::timestamptz, $8::timestamptz, 0) " +
      cacheEntryConflictClause,
    cacheEntryRow(entry),
  );
}

export async function deleteCacheEntries(
  executor: SqlExecutor,
  selection: CacheEntrySelection,
): Promise<number> {
  const scope = checkedScope(selection);
  if ("all" in selection && selection.all === true) {
    const deleted = await executor.query(
      `delete from cache_entries where ${addressMatch} returning key`,
      scope,
    );
    return deleted.length;
  }
  if (!("keys" in selection) || !Array.isArray(selection.keys)) {
    throw new UsageError("say which cache entries to delete: a list of keys, or all: true");
  }
  if (selection.keys.length === 0) return 0;
  const deleted = await executor.query(
    `delete from cache_entries where ${addressMatch} and key = any($3::text[]) returning key`,
    [...scope, selection.keys],
  );
  return deleted.length;
}

export async function incrementCacheHits(executor: SqlExecutor, address: CacheEntryAddress): Promise<void> {
  await executor.query(`update cache_entries set hits = hits + 1 where ${addressMatch} and key = $3`, [
    ...checkedAddress(address),
  ]);
}

function cacheEntryFromRow(row: CacheEntryRow): CacheEntry {
  return {
    namespace: row.namespace,
    tenant: row.tenant,
    key: row.key,
    value: row.value,
    sourceRunId: row.source_run_id,
    sourceStep:
      row.source_step === null ? null : numberFromColumn(row.source_step, "cache_entries.source_step"),
    createdAt: isoTimeFromColumn(row.created_at, "cache_entries.created_at"),
    expiresAt: row.expires_at === null ? null : isoTimeFromColumn(row.expires_at, "cache_entries.expires_at"),
    hits: numberFromColumn(row.hits, "cache_entries.hits"),
  };
}

/** Namespace and tenant, checked, as the first two query parameters. */
function checkedScope(scope: { namespace: string; tenant: string }): [string, string] {
  if (!(cacheNamespaces as readonly string[]).includes(scope.namespace)) {
    throw new UsageError(
      `unknown cache namespace '${scope.namespace}'; use one of ${cacheNamespaces.join(", ")}`,
    );
  }
  if (typeof scope.tenant !== "string" || scope.tenant === "") {
    throw new UsageError("a cache tenant must be a non-empty string");
  }
  return [scope.namespace, scope.tenant];
}

/** Namespace, tenant and key, checked, as the first three query parameters. */
function checkedAddress(address: CacheEntryAddress): [string, string, string] {
  const scope = checkedScope(address);
  if (typeof address.key !== "string" || address.key === "") {
    throw new UsageError("a cache key must be a non-empty string");
  }
  return [...scope, address.key];
}

function checkedTime(value: string, field: string): string {
  const time = typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw new UsageError(`a cache ${field} must be an ISO-8601 time, not '${value}'`);
  return new Date(time).toISOString();
}
