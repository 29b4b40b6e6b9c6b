import { NotFoundError, StoreError } from "../../core/errors/index.js";
import { parseRunEvent, type RunEvent } from "../../core/events/run-event.js";
import type { CacheEntry } from "../../store/cache-entry.js";
import type {
  AppendOptions,
  LedgerEntry,
  RunIntegrity,
  RunRecord,
  StorageStats,
  Store,
} from "../../store/store.js";
import type { ApiKeyRecord, IdempotencyRecord, TenantRecord } from "../../store/tenants.js";

/** Stored form: JSON, validated as a reader would validate it. */
const stored = (event: RunEvent): RunEvent => parseRunEvent(JSON.parse(JSON.stringify(event)));

/** A run in memory: the events as written, and the stored form of those read so far (a prefix). */
interface MemoryRun {
  record: RunRecord;
  written: RunEvent[];
  read: RunEvent[];
}

/**
 * The store a replay writes to: memory only, gone when the replay ends, so replaying a run adds nothing
 * to the real store. Events read back as a stored one would: through JSON and the event schema, as the SQL
 * store's reader validates them. That stored form is made when an event is first read (a resume, an
 * approval), not when it is written: a replay writes every step and reads rarely, and making it per write
 * copied each model call's whole conversation, which made a long replay quadratic in time and memory.
 * Events never change once written, so the form made later is the one a write would have made. It keeps
 * no cache entries (replay answers from the recording).
 */
export class ReplayStore implements Store {
  readonly #runs = new Map<string, MemoryRun>();

  async createRun(run: RunRecord, events: RunEvent[]): Promise<void> {
    if (this.#runs.has(run.id)) throw new StoreError(`run '${run.id}' exists already`);
    this.#runs.set(run.id, { record: { ...run }, written: [...events], read: [] });
  }

  async appendEvents(runId: string, events: RunEvent[], options: AppendOptions = {}): Promise<void> {
    // A replay writes no cache: the entries a recorded step put are not its to keep.
    const { cacheEntries: _notKept, ...update } = options;
    const run = this.#runs.get(runId);
    if (!run) throw new NotFoundError("run", runId);
    const next = run.written.length;
    events.forEach((event, index) => {
      if (event.seq !== next + index)
        throw new StoreError(
          `event ${event.seq} of run '${runId}' is out of sequence (expected ${next + index})`,
        );
    });
    run.written.push(...events);
    run.record = { ...run.record, ...update, updatedAt: events.at(-1)?.at ?? run.record.updatedAt };
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const run = this.#runs.get(runId);
    return run ? { ...run.record } : undefined;
  }

  async resolveRunId(idOrPrefix: string): Promise<string> {
    if (this.#runs.has(idOrPrefix)) return idOrPrefix;
    throw new NotFoundError("run", idOrPrefix);
  }

  async listRuns(): Promise<RunRecord[]> {
    return [...this.#runs.values()].map((run) => ({ ...run.record }));
  }

  async readEvents(runId: string): Promise<RunEvent[]> {
    const run = this.#runs.get(runId);
    if (!run) throw new NotFoundError("run", runId);
    for (let seq = run.read.length; seq < run.written.length; seq++)
      run.read.push(stored(run.written[seq] as RunEvent));
    return [...run.read];
  }

  async readLedger(): Promise<LedgerEntry[]> {
    return [];
  }

  /** Memory lives only as long as the replay and keeps no hashes: every event counts as unchained. */
  async verifyRun(runId: string): Promise<RunIntegrity> {
    const events = await this.readEvents(runId);
    return { runId, events: events.length, unchainedEvents: events.length, headHash: null, problem: null };
  }

  async storageStats(): Promise<StorageStats> {
    return { eventBytes: 0, payloadBytes: 0, payloads: 0 };
  }

  async getCacheEntry(): Promise<CacheEntry | undefined> {
    return undefined;
  }

  async putCacheEntry(): Promise<void> {}

  async deleteCacheEntries(): Promise<number> {
    return 0;
  }

  async countCacheHit(): Promise<void> {}

  // A replay runs no server: tenants, keys and idempotency keys have no place in it.
  async createTenant(): Promise<void> {
    throw new StoreError("a replay keeps no tenants");
  }

  async listTenants(): Promise<TenantRecord[]> {
    return [];
  }

  async createApiKey(): Promise<void> {
    throw new StoreError("a replay keeps no API keys");
  }

  async findApiKey(): Promise<ApiKeyRecord | undefined> {
    return undefined;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return [];
  }

  async revokeApiKey(id: string): Promise<void> {
    throw new NotFoundError("API key", id);
  }

  async claimIdempotencyKey(): Promise<IdempotencyRecord | undefined> {
    throw new StoreError("a replay keeps no idempotency keys");
  }

  async releaseIdempotencyKey(): Promise<void> {}

  async close(): Promise<void> {
    this.#runs.clear();
  }
}
