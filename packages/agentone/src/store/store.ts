import type { RunEvent } from "../core/events/run-event.js";
import type { RunOutcome, RunStatus } from "../core/run-status.js";
import type { CacheEntry, CacheEntryAddress, CacheEntryInput, CacheEntrySelection } from "./cache-entry.js";
import type {
  ApiKeyRecord,
  IdempotencyRecord,
  RunListQuery,
  TenantKillSwitchRecord,
  TenantRecord,
} from "./tenants.js";

/** The row kept per run: a projection of its events, for listing and lookup. */
export interface RunRecord {
  id: string;
  goal: string;
  workspace: string;
  status: RunStatus;
  outcome: RunOutcome | null;
  terminationReason: string | null;
  parentRunId: string | null;
  /** Whose run this is (`agentone serve`'s tenants); absent when written: `default`, as for CLI runs. */
  tenant?: string;
  /**
   * The queue priority a server's managed run was created with (`POST /v1/runs` `priority`; higher first).
   * Absent for every other run: CLI and external runs, and runs made before priorities were kept.
   */
  priority?: number;
  /** Spend so far, in nano-dollars. */
  costNanoUsd: number;
  createdAt: string;
  updatedAt: string;
}

/** One row of the budget ledger, written from `budget-reserve` and `budget-settle` events. */
export interface LedgerEntry {
  runId: string;
  seq: number;
  reservationId: string;
  kind: "reserve" | "settle";
  step: number;
  nanoUsd: number;
  inputTokens: number;
  outputTokens: number;
  toolCalls: number;
  modelCalls: number;
  at: string;
}

/** How much room a run's events take in the store, in bytes of JSON text. */
export interface StorageStats {
  /** The events' own rows, with large fields replaced by references. */
  eventBytes: number;
  /** The distinct payloads the events refer to (shared with other runs that refer to them too). */
  payloadBytes: number;
  payloads: number;
}

/** Where stored history first contradicts itself. */
export interface IntegrityProblem {
  table: "events" | "payloads" | "budget_ledger" | "runs";
  /** The event (or ledger row) sequence number; null for a run row column. */
  seq: number | null;
  message: string;
}

/** What `verifyRun` found: the event hash chain, the payloads, the ledger and the run row checked. */
export interface RunIntegrity {
  runId: string;
  events: number;
  /** Events written before hash chains existed; they come first in the log and cannot be checked. */
  unchainedEvents: number;
  /** The hash of the last event as the run row records it; null for an unchained run. */
  headHash: string | null;
  /** The first problem found; null when everything agrees. */
  problem: IntegrityProblem | null;
}

/** The claim of one process to execute a run; {@link Store.holdRun}. */
export interface RunHold {
  /** Gives the claim up; a process that dies gives it up without calling this. */
  release(): Promise<void>;
}

/** Fields of the run row that change as the run goes. */
export type RunRecordUpdate = Partial<
  Pick<RunRecord, "status" | "outcome" | "terminationReason" | "costNanoUsd">
>;

/** What an append writes besides its events: the run row's new fields, and cache entries. */
export interface AppendOptions extends RunRecordUpdate {
  /** Entries to put as {@link Store.putCacheEntry} does, in the same write as the events. */
  cacheEntries?: readonly CacheEntryInput[];
}

/**
 * Persistence. PGlite (embedded) by default, PostgreSQL when `DATABASE_URL` is set; one SQL dialect and one
 * set of migrations for both. Events are append-only with a unique `(run_id, seq)`; a batch of events is
 * written in one transaction together with the ledger rows and the run row update it implies. Large
 * event fields and every conversation message are stored once by content hash and referenced from the
 * events; readers get back exactly the events that were written.
 *
 * @example
 * ```ts
 * const store = await openStore({ home: ".agentone" });
 * const runs = await store.listRuns({ limit: 20 });
 * await store.close();
 * ```
 */
export interface Store {
  /** Inserts the run row and its first events in one transaction. */
  createRun(run: RunRecord, events: RunEvent[]): Promise<void>;
  /**
   * Appends a batch of events atomically, with the run row update; rejects (writing nothing) if any
   * `(run_id, seq)` exists. Cache entries given with it are put in the same write (one round trip for a
   * step's events and the answer it cached), and only if the events are.
   */
  appendEvents(runId: string, events: RunEvent[], update?: AppendOptions): Promise<void>;
  getRun(runId: string): Promise<RunRecord | undefined>;
  /** Resolves a full id or a unique prefix; throws NotFoundError for none, UsageError for several. */
  resolveRunId(idOrPrefix: string): Promise<string>;
  /** Newest first; by tenant and status, after a cursor (`before`), 50 by default. */
  listRuns(options?: RunListQuery): Promise<RunRecord[]>;
  /** The run's events in sequence order, validated against the event schema. */
  readEvents(runId: string): Promise<RunEvent[]>;
  readLedger(runId: string): Promise<LedgerEntry[]>;
  /**
   * Checks the run's stored history against itself: the event hash chain up to the run row's head hash,
   * each referenced payload against its hash, the ledger rows and the run row against the events.
   * Throws NotFoundError for an unknown run; a problem found is returned, not thrown.
   */
  verifyRun(runId: string): Promise<RunIntegrity>;
  /** How many bytes the run's events and the payloads they refer to take; zeros for an unknown run. */
  storageStats(runId: string): Promise<StorageStats>;
  /**
   * The entry at `namespace`, `tenant` and `key`, unless it is absent or expired at `now` (ISO-8601).
   * Reading does not count a hit; {@link Store.countCacheHit} does.
   */
  getCacheEntry(lookup: CacheEntryAddress & { now: string }): Promise<CacheEntry | undefined>;
  /** Inserts the entry, or replaces the one at the same address (its hit count starts over). */
  putCacheEntry(entry: CacheEntryInput): Promise<void>;
  /** Deletes the selected entries, expired or not, and returns how many there were. */
  deleteCacheEntries(selection: CacheEntrySelection): Promise<number>;
  /** Adds one to the entry's hit count; an absent entry is left absent. */
  countCacheHit(address: CacheEntryAddress): Promise<void>;
  /**
   * Claims the run for this process while it executes it, so that another process can tell a run being
   * executed from one whose process has died: undefined when a live process already holds the claim. The
   * claim ends with `release()` or with the process. A store only one process can open at a time (the
   * embedded one) may leave this out or grant every claim.
   */
  holdRun?(runId: string): Promise<RunHold | undefined>;
  /** Creates a tenant; UsageError when one of that name exists. */
  createTenant(tenant: TenantRecord): Promise<void>;
  listTenants(): Promise<TenantRecord[]>;
  /** Stores a key (its hash only); NotFoundError for an unknown tenant. */
  createApiKey(key: ApiKeyRecord): Promise<void>;
  /** The key with this hash, revoked or not; undefined for none. */
  findApiKey(keyHash: string): Promise<ApiKeyRecord | undefined>;
  /** Keys newest first, of one tenant or all. */
  listApiKeys(options?: { tenant?: string }): Promise<ApiKeyRecord[]>;
  /** Marks the key revoked at `at`; NotFoundError for an unknown id. Revoking twice keeps the first time. */
  revokeApiKey(id: string, at: string): Promise<void>;
  /**
   * Records that `key` (per tenant) made `runId`, unless the key is already taken: then the record that
   * took it is returned and nothing is written.
   */
  claimIdempotencyKey(record: IdempotencyRecord): Promise<IdempotencyRecord | undefined>;
  /** Gives a claimed key up (the run it was to name could not be created). */
  releaseIdempotencyKey(address: { tenant: string; key: string }): Promise<void>;
  /**
   * Turns the tenant's kill switch on until it is released, whatever restarts in between; engaging it again
   * keeps the first time. NotFoundError for an unknown tenant. The tenant kill switch methods belong to
   * stores a server keeps its state in; a store that never serves (the replay's) may leave them out.
   */
  engageTenantKillSwitch?(record: TenantKillSwitchRecord): Promise<void>;
  /** Turns the tenant's kill switch off; releasing one that is off does nothing. */
  releaseTenantKillSwitch?(tenant: string): Promise<void>;
  /** The tenant kill switches that are on, by tenant name. */
  listTenantKillSwitches?(): Promise<TenantKillSwitchRecord[]>;
  close(): Promise<void>;
}
