export {
  type CacheEntry,
  type CacheEntryAddress,
  type CacheEntryInput,
  type CacheEntrySelection,
  type CacheNamespace,
  cacheNamespaces,
} from "./cache-entry.js";
export { type OpenStoreOptions, openStore, storeExists } from "./open-store.js";
export { PgliteExecutor } from "./pglite/pglite-executor.js";
export { PostgresExecutor, type PostgresExecutorOptions } from "./postgres/postgres-executor.js";
export { migrate } from "./sql/migrate.js";
export type { SqlExecutor } from "./sql/sql-executor.js";
export { SqlStore, type SqlStoreOptions } from "./sql/sql-store.js";
export type {
  AppendOptions,
  LedgerEntry,
  RunHold,
  RunRecord,
  RunRecordUpdate,
  StorageStats,
  Store,
} from "./store.js";
export {
  type ApiKeyRecord,
  type ApiKeyRole,
  apiKeyRoles,
  type IdempotencyRecord,
  type RunListQuery,
  type TenantKillSwitchRecord,
  type TenantRecord,
} from "./tenants.js";
