import { NotFoundError } from "../../core/errors/index.js";
import type { TenantKillSwitchRecord } from "../tenants.js";
import { isoTimeFromColumn } from "./column-values.js";
import type { SqlExecutor } from "./sql-executor.js";

// SQLSTATE of a foreign key violation, the same from PGlite and from the pg driver.
const foreignKeyViolation = "23503";

/** Records the tenant's kill switch as on; one already on keeps the time it was first engaged. */
export async function insertTenantKillSwitch(
  executor: SqlExecutor,
  record: TenantKillSwitchRecord,
): Promise<void> {
  try {
    await executor.query(
      "insert into tenant_kill_switches (tenant, engaged_at) values ($1, $2) on conflict (tenant) do nothing",
      [record.tenant, record.engagedAt],
    );
  } catch (error) {
    const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
    if (code === foreignKeyViolation) throw new NotFoundError("tenant", record.tenant, { cause: error });
    throw error;
  }
}

export async function deleteTenantKillSwitch(executor: SqlExecutor, tenant: string): Promise<void> {
  await executor.query("delete from tenant_kill_switches where tenant = $1", [tenant]);
}

export async function selectTenantKillSwitches(executor: SqlExecutor): Promise<TenantKillSwitchRecord[]> {
  const rows = await executor.query<{ tenant: string; engaged_at: unknown }>(
    "select tenant, engaged_at from tenant_kill_switches order by tenant",
  );
  return rows.map((row) => ({
    tenant: row.tenant,
    engagedAt: isoTimeFromColumn(row.engaged_at, "tenant_kill_switches.engaged_at"),
  }));
}
