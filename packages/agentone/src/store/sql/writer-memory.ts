import type { MessageThread, WrittenMessageList } from "./message-list-deltas.js";

/** What one store instance remembers of a run it wrote to. */
interface RunMemory {
  /** The run's head hash after this store's last committed write. */
  head: string | null;
  /** The last message list stored per thread: the base of the next call's delta. */
  lists: Map<MessageThread, WrittenMessageList>;
  /** Payloads this store wrote for the run and saw committed. */
  payloads: Set<string>;
}

/** What a batch learned, kept only once its transaction has committed. */
export interface BatchMemory {
  head: string | null;
  lists: Map<MessageThread, WrittenMessageList>;
  payloads: Iterable<string>;
}

// A process rarely writes to more than a few runs at once; past this, the runs written longest ago are
// forgotten (their next write asks the database again and stores one full message list).
const defaultRememberedRuns = 256;

/**
 * A store instance's memory of the runs it writes, so a step need not ask the database what this
 * process wrote itself: the run's head hash, the last message list per thread, the payloads already
 * stored. Only what committed is remembered, and everything is a hint the database confirms or refutes:
 * a head that moved makes the write fall back to reading it; a run written by another process is simply
 * not remembered.
 *
 * Payloads are remembered per run, not per store: a new run sends each payload again, so a payload
 * damaged in the database is repaired by the next run that uses it (see `savePayloads`).
 *
 * @example
 * ```ts
 * const memory = new WriterMemory();
 * memory.remember("run-1", { head, lists, payloads: ["ab12…"] });
 * memory.head("run-1"); // head
 * ```
 */
export class WriterMemory {
  readonly #runs = new Map<string, RunMemory>();
  readonly #limit: number;

  constructor(options: { rememberedRuns?: number } = {}) {
    this.#limit = options.rememberedRuns ?? defaultRememberedRuns;
  }

  /** The head this store last committed for the run; undefined when it has not written to it. */
  head(runId: string): string | null | undefined {
    return this.#runs.get(runId)?.head;
  }

  lastList(runId: string, thread: MessageThread): WrittenMessageList | undefined {
    return this.#runs.get(runId)?.lists.get(thread);
  }

  hasPayload(runId: string, sha256: string): boolean {
    return this.#runs.get(runId)?.payloads.has(sha256) ?? false;
  }

  /** Records a committed batch. */
  remember(runId: string, batch: BatchMemory): void {
    const run = this.#runs.get(runId) ?? { head: null, lists: new Map(), payloads: new Set<string>() };
    run.head = batch.head;
    for (const [thread, list] of batch.lists) run.lists.set(thread, list);
    for (const sha256 of batch.payloads) run.payloads.add(sha256);
    // Re-inserted, so the map's order is least recently written first.
    this.#runs.delete(runId);
    this.#runs.set(runId, run);
    for (const oldest of this.#runs.keys()) {
      if (this.#runs.size <= this.#limit) break;
      this.#runs.delete(oldest);
    }
  }

  /** Forgets the run, after a write whose outcome is unknown. */
  forget(runId: string): void {
    this.#runs.delete(runId);
  }
}
