import pg from "pg";

/** How long the session's connection stays open with no lock held, as the pool keeps an idle connection. */
const idleMs = 10_000;

const lockKey = "hashtextextended(current_schema() || '/' || $1, 0)";

/** A lock {@link AdvisoryLockSession.tryHold} took; releasing it twice releases it once. */
export interface HeldLock {
  release(): Promise<void>;
}

/**
 * The session-level advisory locks of one executor, all on one connection of their own outside the pool:
 * the server releases them when that connection ends, including when this process dies. Opening a
 * connection for each lock cost more than a short run's steps (a server process is started per
 * connection), so the connection is kept while locks are held and for a while after the last one.
 *
 * PostgreSQL lets a session take its own lock again, so the session remembers the names it holds and
 * refuses a second holder in this process, as another process is refused.
 *
 * @example
 * ```ts
 * const locks = new AdvisoryLockSession({ connectionString: process.env.DATABASE_URL });
 * const held = await locks.tryHold("agentone-run:run_0001");
 * await held?.release();
 * await locks.close();
 * ```
 */
export class AdvisoryLockSession {
  readonly #connection: pg.ClientConfig;
  readonly #held = new Set<string>();
  #client: Promise<pg.Client> | undefined;
  #idleTimer: NodeJS.Timeout | undefined;
  /** The last statement sent on the connection, settled or not (see `#inTurn`). */
  #turn: Promise<void> = Promise.resolve();

  constructor(connection: pg.ClientConfig) {
    this.#connection = connection;
  }

  /** Takes the lock named `name`; undefined when this process or another session holds it. */
  async tryHold(name: string): Promise<HeldLock | undefined> {
    if (this.#held.has(name)) return undefined;
    // Claimed before the first await, so two callers in this process never both ask the server.
    this.#held.add(name);
    this.#stopIdleTimer();
    let client: pg.Client;
    try {
      client = await this.#connect();
      const rows = await this.#inTurn(() =>
        client.query<{ held: boolean }>(`select pg_try_advisory_lock(${lockKey}) as held`, [name]),
      );
      if (rows.rows[0]?.held !== true) {
        this.#forget(name);
        return undefined;
      }
    } catch (error) {
      this.#forget(name);
      throw error;
    }
    let released: Promise<void> | undefined;
    return { release: () => (released ??= this.#release(name, client)) };
  }

  /** Ends the connection, which releases every lock still held. */
  async close(): Promise<void> {
    this.#stopIdleTimer();
    this.#held.clear();
    await this.#endClient();
  }

  async #release(name: string, client: pg.Client): Promise<void> {
    try {
      // Only on the connection that took it: after a dropped connection the server already let it go.
      if (this.#client !== undefined && (await this.#client) === client)
        await this.#inTurn(() => client.query(`select pg_advisory_unlock(${lockKey})`, [name]));
    } catch {
      // A connection that fails now has ended, and the server released the lock with it.
    } finally {
      this.#forget(name);
    }
  }

  /**
   * Runs one statement after the ones before it: claims made at once (a server continuing several runs)
   * would otherwise send queries on a connection already executing one, which the driver deprecates
   * with a warning printed to the process's output.
   */
  #inTurn<T>(statement: () => Promise<T>): Promise<T> {
    const result = this.#turn.then(statement);
    this.#turn = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  #connect(): Promise<pg.Client> {
    if (this.#client === undefined) {
      const client = new pg.Client(this.#connection);
      const connecting = client.connect().then(() => client);
      // A connection that drops has released its locks; the next hold opens a new one.
      const forget = () => {
        if (this.#client === connecting) this.#client = undefined;
      };
      client.on("error", forget);
      client.on("end", forget);
      connecting.catch(forget);
      this.#client = connecting;
    }
    return this.#client;
  }

  #forget(name: string): void {
    this.#held.delete(name);
    if (this.#held.size > 0 || this.#client === undefined) return;
    this.#stopIdleTimer();
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = undefined;
      if (this.#held.size === 0) void this.#endClient();
    }, idleMs);
    // The timer alone never keeps the process alive; the open connection does, until the timer ends it.
    this.#idleTimer.unref();
  }

  #stopIdleTimer(): void {
    if (this.#idleTimer === undefined) return;
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
  }

  async #endClient(): Promise<void> {
    const connecting = this.#client;
    this.#client = undefined;
    if (connecting === undefined) return;
    try {
      await (await connecting).end();
    } catch {
      // Never connected, or already gone: nothing is held on it.
    }
  }
}
