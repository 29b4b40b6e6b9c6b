import { isAgentOneError, NotFoundError, StoreError, UsageError } from "../../core/errors/index.js";
import type { RunEvent } from "../../core/events/run-event.js";
import type { CacheEntry, CacheEntryAddress, CacheEntryInput, CacheEntrySelection } from "../cache-entry.js";
import type {
  AppendOptions,
  LedgerEntry,
  RunHold,
  RunIntegrity,
  RunRecord,
  RunRecordUpdate,
  StorageStats,
  Store,
} from "../store.js";
import type {
  ApiKeyRecord,
  IdempotencyRecord,
  RunListQuery,
  TenantKillSwitchRecord,
  TenantRecord,
} from "../tenants.js";
import { appendInOneStatement } from "./append-in-one-statement.js";
import {
  cacheEntryRow,
  cacheValueColumn,
  deleteCacheEntries,
  incrementCacheHits,
  jsonbRefuses,
  lastEntryPerAddress,
  selectCacheEntry,
  upsertCacheEntry,
} from "./cache-entry-rows.js";
import {
  deleteTenantKillSwitch,
  insertTenantKillSwitch,
  selectTenantKillSwitches,
} from "./kill-switch-rows.js";
import { type LedgerRow, ledgerColumns, ledgerEntryFromRow } from "./ledger-rows.js";
import { type PreparedBatch, prepareEventRows } from "./prepare-event-rows.js";
import { readEvents, readStorageStats } from "./read-events.js";
import { resolveRunId } from "./resolve-run-id.js";
import { type RunRow, runColumns, runRecordFromRow, runRowValues, runUpdateAssignments } from "./run-rows.js";
import type { SqlExecutor } from "./sql-executor.js";
import {
  deleteIdempotencyKey,
  insertApiKey,
  insertIdempotencyKey,
  insertTenant,
  markApiKeyRevoked,
  runListFilter,
  selectApiKeyByHash,
  selectApiKeys,
  selectTenants,
} from "./tenant-rows.js";
import { verifyRun } from "./verify-run.js";
import { insertPreparedBatch } from "./write-events.js";
import { WriterMemory } from "./writer-memory.js";

export interface SqlStoreOptions {
  /** Runs after the executor has closed, e.g. to release a lock held for the database. */
  onClose?: () => Promise<void>;
}

const defaultListLimit = 50;
/** `$1, $2, …`, one per column of {@link runColumns}. */
const runColumnParameters = runColumns
  .split(",")
  .map((_, index) => `$${index + 1}`)
  .join(", ");
// PostgreSQL error codes (SQLSTATE), the same from PGlite and from the pg driver.
const uniqueViolation = "23505";
const foreignKeyViolation = "23503";

/**
 * The {@link Store} over any {@link SqlExecutor}: PGlite and PostgreSQL share this code and its SQL.
 *
 * @example
 * ```ts
 * const executor = new PgliteExecutor(await PGlite.create());
 * await migrate(executor);
 * const store = new SqlStore(executor);
 * await store.createRun(run, [runStartEvent]);
 * ```
 */
export class SqlStore implements Store {
  readonly #executor: SqlExecutor;
  readonly #onClose: (() => Promise<void>) | undefined;
  /** What this store wrote and saw committed, so a step need not ask the database about it again. */
  readonly #memory = new WriterMemory();

  constructor(executor: SqlExecutor, options: SqlStoreOptions = {}) {
    this.#executor = executor;
    this.#onClose = options.onClose;
  }

  createRun(run: RunRecord, events: RunEvent[]): Promise<void> {
    return guard(`could not create run '${run.id}'`, async () => {
      assertEventsBelongTo(run.id, events);
      const batch = await this.#executor.transaction(async (transaction) => {
        await transaction.query(
          `insert into runs (${runColumns}) values (${runColumnParameters})`,
          runRowValues(run),
        );
        const batch = prepareEventRows({ runId: run.id, events, previousHash: null, memory: this.#memory });
        await insertPreparedBatch(transaction, batch);
        await transaction.query("update runs set head_hash = $2 where id = $1", [run.id, batch.memory.head]);
        return batch;
      });
      this.#memory.remember(run.id, batch.memory);
    });
  }

  appendEvents(runId: string, events: RunEvent[], options: AppendOptions = {}): Promise<void> {
    return guard(`could not append events to run '${runId}'`, async () => {
      assertEventsBelongTo(runId, events);
      // Checked before anything is written. An entry that is malformed or whose value jsonb cannot hold is
      // left out, as a failed cache write always was: a cache must never fail the events it came with.
      const cacheEntries: CacheEntryInput[] = [];
      const cacheRows: unknown[][] = [];
      const { cacheEntries: given = [], ...update } = options;
      for (const entry of lastEntryPerAddress(given)) {
        const row = rowIfWritable(entry);
        if (row === undefined) continue;
        cacheEntries.push(entry);
        cacheRows.push(row);
      }
      try {
        const batch =
          (await this.#appendKnownHead(runId, events, { update, cacheRows })) ??
          (await this.#appendReadingHead(runId, events, { update, cacheEntries }));
        this.#memory.remember(runId, batch.memory);
      } catch (error) {
        // Whatever this store remembered of the run may no longer hold; the next write reads it afresh.
        this.#memory.forget(runId);
        throw explainWriteError({ error, runId, events });
      }
    });
  }

  /**
   * The usual append: the batch chained from the head this store last wrote, in one statement. Undefined
   * (nothing written) when the store has not written to the run, or the head is no longer that one.
   */
  async #appendKnownHead(
    runId: string,
    events: RunEvent[],
    write: { update: RunRecordUpdate; cacheRows: readonly (readonly unknown[])[] },
  ): Promise<PreparedBatch | undefined> {
    const { update, cacheRows } = write;
    const knownHead = this.#memory.head(runId);
    const lastEvent = events.at(-1);
    if (knownHead === undefined || lastEvent === undefined) return undefined;
    const batch = prepareEventRows({ runId, events, previousHash: knownHead, memory: this.#memory });
    const written = await appendInOneStatement(this.#executor, {
      batch,
      expectedHead: knownHead,
      update,
      updatedAt: lastEvent.at,
      cacheRows,
    });
    return written ? batch : undefined;
  }

  /** The append that reads the run's head first, locking the run row, in a transaction. */
  #appendReadingHead(
    runId: string,
    events: RunEvent[],
    write: { update: RunRecordUpdate; cacheEntries: readonly CacheEntryInput[] },
  ): Promise<PreparedBatch> {
    const { update, cacheEntries } = write;
    return this.#executor.transaction(async (transaction) => {
      // Locked, so a concurrent writer waits for this head instead of chaining from the same one.
      const [run] = await transaction.query<{ head_hash: string | null }>(
        "select head_hash from runs where id = $1 for update",
        [runId],
      );
      if (run === undefined) throw new NotFoundError("run", runId);
      const batch = prepareEventRows({ runId, events, previousHash: run.head_hash, memory: this.#memory });
      await insertPreparedBatch(transaction, batch);
      for (const entry of cacheEntries) await upsertCacheEntry(transaction, entry);
      const head = batch.memory.head;
      const { assignments, values } = runUpdateAssignments(update, 2);
      if (head !== run.head_hash) {
        values.push(head);
        assignments.push(`head_hash = $${values.length + 1}`);
      }
      const lastEvent = events.at(-1);
      // Every batch is activity, with or without field changes: listings show when the run last moved.
      if (lastEvent !== undefined) {
        values.push(lastEvent.at);
        assignments.push(`updated_at = $${values.length + 1}`);
      }
      if (assignments.length === 0) return batch;
      const updated = await transaction.query(
        `update runs set ${assignments.join(", ")} where id = $1 returning id`,
        [runId, ...values],
      );
      if (updated.length === 0) throw new NotFoundError("run", runId);
      return batch;
    });
  }

  getRun(runId: string): Promise<RunRecord | undefined> {
    return guard(`could not read run '${runId}'`, async () => {
      const rows = await this.#executor.query<RunRow>(`select ${runColumns} from runs where id = $1`, [
        runId,
      ]);
      return rows[0] === undefined ? undefined : runRecordFromRow(rows[0]);
    });
  }

  resolveRunId(idOrPrefix: string): Promise<string> {
    return guard(`could not look up run '${idOrPrefix}'`, () => resolveRunId(this.#executor, idOrPrefix));
  }

  listRuns(options: RunListQuery = {}): Promise<RunRecord[]> {
    const limit = options.limit ?? defaultListLimit;
    return guard("could not list runs", async () => {
      if (!Number.isInteger(limit) || limit < 1) {
        throw new UsageError(`the run list limit must be a positive whole number, not ${limit}`);
      }
      const { where, values } = runListFilter(options);
      const rows = await this.#executor.query<RunRow>(
        `select ${runColumns} from runs ${where} order by created_at desc, id desc limit $${values.length + 1}`,
        [...values, limit],
      );
      return rows.map(runRecordFromRow);
    });
  }

  readEvents(runId: string): Promise<RunEvent[]> {
    return guard(`could not read the events of run '${runId}'`, () => readEvents(this.#executor, runId));
  }

  readLedger(runId: string): Promise<LedgerEntry[]> {
    return guard(`could not read the budget ledger of run '${runId}'`, async () => {
      const rows = await this.#executor.query<LedgerRow>(
        `select ${ledgerColumns} from budget_ledger where run_id = $1 order by seq`,
        [runId],
      );
      return rows.map(ledgerEntryFromRow);
    });
  }

  verifyRun(runId: string): Promise<RunIntegrity> {
    return guard(`could not verify run '${runId}'`, () => verifyRun(this.#executor, runId));
  }

  storageStats(runId: string): Promise<StorageStats> {
    return guard(`could not measure the storage of run '${runId}'`, () =>
      readStorageStats(this.#executor, runId),
    );
  }

  getCacheEntry(lookup: CacheEntryAddress & { now: string }): Promise<CacheEntry | undefined> {
    return guard(`could not read cache entry ${describeAddress(lookup)}`, () =>
      selectCacheEntry(this.#executor, lookup),
    );
  }

  putCacheEntry(entry: CacheEntryInput): Promise<void> {
    return guard(`could not write cache entry ${describeAddress(entry)}`, () =>
      upsertCacheEntry(this.#executor, entry),
    );
  }

  deleteCacheEntries(selection: CacheEntrySelection): Promise<number> {
    return guard(`could not delete cache entries of ${selection.namespace}/${selection.tenant}`, () =>
      deleteCacheEntries(this.#executor, selection),
    );
  }

  countCacheHit(address: CacheEntryAddress): Promise<void> {
    return guard(`could not count a hit of cache entry ${describeAddress(address)}`, () =>
      incrementCacheHits(this.#executor, address),
    );
  }

  holdRun(runId: string): Promise<RunHold | undefined> {
    return guard(`could not claim run '${runId}'`, async () => {
      // Without such locks only this process can reach the database: the claim is always granted.
      if (this.#executor.tryHoldLock === undefined) return { release: async () => {} };
      return this.#executor.tryHoldLock(`agentone-run:${runId}`);
    });
  }

  createTenant(tenant: TenantRecord): Promise<void> {
    return guard(`could not create tenant '${tenant.name}'`, () => insertTenant(this.#executor, tenant));
  }

  listTenants(): Promise<TenantRecord[]> {
    return guard("could not list tenants", () => selectTenants(this.#executor));
  }

  createApiKey(key: ApiKeyRecord): Promise<void> {
    return guard(`could not create API key '${key.id}'`, () => insertApiKey(this.#executor, key));
  }

  findApiKey(keyHash: string): Promise<ApiKeyRecord | undefined> {
    return guard("could not look up an API key", () => selectApiKeyByHash(this.#executor, keyHash));
  }

  listApiKeys(options: { tenant?: string } = {}): Promise<ApiKeyRecord[]> {
    return guard("could not list API keys", () => selectApiKeys(this.#executor, options));
  }

  revokeApiKey(id: string, at: string): Promise<void> {
    return guard(`could not revoke API key '${id}'`, () => markApiKeyRevoked(this.#executor, id, at));
  }

  claimIdempotencyKey(record: IdempotencyRecord): Promise<IdempotencyRecord | undefined> {
    return guard(`could not claim idempotency key '${record.key}'`, () =>
      insertIdempotencyKey(this.#executor, record),
    );
  }

  releaseIdempotencyKey(address: { tenant: string; key: string }): Promise<void> {
    return guard(`could not release idempotency key '${address.key}'`, () =>
      deleteIdempotencyKey(this.#executor, address),
    );
  }

  engageTenantKillSwitch(record: TenantKillSwitchRecord): Promise<void> {
    return guard(`could not engage the kill switch of tenant '${record.tenant}'`, () =>
      insertTenantKillSwitch(this.#executor, record),
    );
  }

  releaseTenantKillSwitch(tenant: string): Promise<void> {
    return guard(`could not release the kill switch of tenant '${tenant}'`, () =>
      deleteTenantKillSwitch(this.#executor, tenant),
    );
  }

  listTenantKillSwitches(): Promise<TenantKillSwitchRecord[]> {
    return guard("could not list the tenant kill switches", () => selectTenantKillSwitches(this.#executor));
  }

  async close(): Promise<void> {
    try {
      await this.#executor.close();
    } finally {
      await this.#onClose?.();
    }
  }
}

/** A batch that names another run is a caller bug; writing it would file events under the wrong run. */
function assertEventsBelongTo(runId: string, events: readonly RunEvent[]): void {
  const stray = events.find((event) => event.runId !== runId);
  if (stray !== undefined) {
    throw new StoreError(`event ${stray.seq} belongs to run '${stray.runId}', not '${runId}'`);
  }
}

/**
 * Names the two failures callers act on: a run that does not exist, and a sequence number already taken
 * (another writer got there first). Anything else passes through unchanged.
 */
function explainWriteError(input: { error: unknown; runId: string; events: readonly RunEvent[] }): unknown {
  const { error, runId, events } = input;
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  if (code === foreignKeyViolation) return new NotFoundError("run", runId, { cause: error });
  if (code !== uniqueViolation) return error;
  const seqs = events.map((event) => event.seq);
  return new StoreError(
    `run '${runId}' already has an event numbered within ${Math.min(...seqs)}–${Math.max(...seqs)}; ` +
      "nothing from this batch was written",
    { cause: error },
  );
}

/** The entry's row, or undefined when it is malformed or its value is one jsonb refuses. */
function rowIfWritable(entry: CacheEntryInput): unknown[] | undefined {
  let row: unknown[];
  try {
    row = cacheEntryRow(entry);
  } catch (error) {
    if (error instanceof UsageError) return undefined;
    throw error;
  }
  return jsonbRefuses(row[cacheValueColumn] as string) ? undefined : row;
}

function describeAddress(address: CacheEntryAddress): string {
  return `${address.namespace}/${address.tenant}/${address.key}`;
}

/** Passes AgentOne errors through and turns driver errors into StoreErrors that say what was being done. */
async function guard<T>(action: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isAgentOneError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError(`${action}: ${reason}`, { cause: error });
  }
}
