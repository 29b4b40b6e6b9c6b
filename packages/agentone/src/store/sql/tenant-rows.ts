import { NotFoundError, StoreError, UsageError } from "../../core/errors/index.js";
import {
  type ApiKeyRecord,
  type ApiKeyRole,
  apiKeyRoles,
  type IdempotencyRecord,
  type RunListQuery,
  type TenantRecord,
} from "../tenants.js";
import { isoTimeFromColumn } from "./column-values.js";
import type { SqlExecutor } from "./sql-executor.js";

// SQLSTATE codes, the same from PGlite and from the pg driver.
const uniqueViolation = "23505";
const foreignKeyViolation = "23503";

function sqlState(error: unknown): unknown {
  return typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
}

export async function insertTenant(executor: SqlExecutor, tenant: TenantRecord): Promise<void> {
  try {
    await executor.query("insert into tenants (name, created_at) values ($1, $2)", [
      tenant.name,
      tenant.createdAt,
    ]);
  } catch (error) {
    if (sqlState(error) === uniqueViolation)
      throw new UsageError(`tenant '${tenant.name}' exists already`, { cause: error });
    throw error;
  }
}

export async function selectTenants(executor: SqlExecutor): Promise<TenantRecord[]> {
  const rows = await executor.query<{ name: string; created_at: unknown }>(
    "select name, created_at from tenants order by name",
  );
  return rows.map((row) => ({
    name: row.name,
    createdAt: isoTimeFromColumn(row.created_at, "tenants.created_at"),
  }));
}

interface ApiKeyRow {
  id: string;
  tenant: string;
  role: string;
  key_hash: string;
  created_at: unknown;
  revoked_at: unknown;
}

const apiKeyColumns = "id, tenant, role, key_hash, created_at, revoked_at";

function apiKeyFromRow(row: ApiKeyRow): ApiKeyRecord {
  const role = apiKeyRoles.find((candidate) => candidate === row.role);
  if (role === undefined) throw new StoreError(`column api_keys.role holds an unknown role '${row.role}'`);
  return {
    id: row.id,
    tenant: row.tenant,
    role: role satisfies ApiKeyRole,
    keyHash: row.key_hash,
    createdAt: isoTimeFromColumn(row.created_at, "api_keys.created_at"),
    revokedAt: row.revoked_at === null ? null : isoTimeFromColumn(row.revoked_at, "api_keys.revoked_at"),
  };
}

export async function insertApiKey(executor: SqlExecutor, key: ApiKeyRecord): Promise<void> {
  try {
    await executor.query(`insert into api_keys (${apiKeyColumns}) values ($1, $2, $3, $4, $5, $6)`, [
      key.id,
      key.tenant,
      key.role,
      key.keyHash,
      key.createdAt,
      key.revokedAt,
    ]);
  } catch (error) {
    if (sqlState(error) === foreignKeyViolation)
      throw new NotFoundError("tenant", key.tenant, { cause: error });
    throw error;
  }
}

export async function selectApiKeyByHash(
  executor: SqlExecutor,
  keyHash: string,
): Promise<ApiKeyRecord | undefined> {
  const [row] = await executor.query<ApiKeyRow>(`select ${apiKeyColumns} from api_keys where key_hash = $1`, [
    keyHash,
  ]);
  return row === undefined ? undefined : apiKeyFromRow(row);
}

export async function selectApiKeys(
  executor: SqlExecutor,
  options: { tenant?: string },
): Promise<ApiKeyRecord[]> {
  const rows =
    options.tenant === undefined
      ? await executor.query<ApiKeyRow>(
          `select ${apiKeyColumns} from api_keys order by created_at desc, id desc`,
        )
      : await executor.query<ApiKeyRow>(
          `select ${apiKeyColumns} from api_keys where tenant = $1 order by created_at desc, id desc`,
          [options.tenant],
        );
  return rows.map(apiKeyFromRow);
}

export async function markApiKeyRevoked(executor: SqlExecutor, id: string, at: string): Promise<void> {
  const rows = await executor.query<{ id: string }>(
    "update api_keys set revoked_at = coalesce(revoked_at, $2) where id = $1 returning id",
    [id, at],
  );
  if (rows.length === 0) throw new NotFoundError("API key", id);
}

interface IdempotencyRow {
  tenant: string;
  key: string;
  run_id: string;
  request_hash: string;
  created_at: unknown;
}

export async function insertIdempotencyKey(
  executor: SqlExecutor,
  record: IdempotencyRecord,
): Promise<IdempotencyRecord | undefined> {
  const inserted = await executor.query<{ key: string }>(
    "insert into idempotency_keys (tenant, key, run_id, request_hash, created_at) values ($1, $2, $3, $4, $5) " +
      "on conflict (tenant, key) do nothing returning key",
    [record.tenant, record.key, record.runId, record.requestHash, record.createdAt],
  );
  if (inserted.length > 0) return undefined;
  const [row] = await executor.query<IdempotencyRow>(
    "select tenant, key, run_id, request_hash, created_at from idempotency_keys where tenant = $1 and key = $2",
    [record.tenant, record.key],
  );
  if (row === undefined) throw new StoreError(`idempotency key '${record.key}' vanished while claimed`);
  return {
    tenant: row.tenant,
    key: row.key,
    runId: row.run_id,
    requestHash: row.request_hash,
    createdAt: isoTimeFromColumn(row.created_at, "idempotency_keys.created_at"),
  };
}

export async function deleteIdempotencyKey(
  executor: SqlExecutor,
  address: { tenant: string; key: string },
): Promise<void> {
  await executor.query("delete from idempotency_keys where tenant = $1 and key = $2", [
    address.tenant,
    address.key,
  ]);
}

/** The `where` clause of a run listing and its parameters, numbered from $1. */
export function runListFilter(query: RunListQuery): { where: string; values: unknown[] } {
  const conditions: string[] = [];
  const values: unknown[] = [];
  if (query.tenant !== undefined) {
    values.push(query.tenant);
    conditions.push(`tenant = $${values.length}`);
  }
  if (query.status !== undefined) {
    values.push(query.status);
    conditions.push(`status = $${values.length}`);
  }
  if (query.before !== undefined) {
    values.push(query.before.createdAt, query.before.id);
    conditions.push(`(created_at, id) < ($${values.length - 1}::timestamptz, $${values.length})`);
  }
  return { where: conditions.length === 0 ? "" : `where ${conditions.join(" and ")}`, values };
}
