import { link, readFile, rm, writeFile } from "node:fs/promises";
import { StoreError } from "../../core/errors/index.js";

/** A held lock: release it once the database is closed. */
export interface StoreLock {
  release(): Promise<void>;
}

// Taking over a stale lock races with other processes doing the same; a few rounds settle it.
const attempts = 3;

/**
 * Takes the lock file that keeps a second process from opening the same embedded database, which PGlite
 * cannot share. The file holds the owner's pid; a lock whose process has died is taken over.
 *
 * @example
 * ```ts
 * const lock = await acquireStoreLock({ lockPath: ".agentone/store.lock", storeDirectory: ".agentone/store" });
 * try { ... } finally { await lock.release(); }
 * ```
 */
export async function acquireStoreLock(input: {
  lockPath: string;
  storeDirectory: string;
}): Promise<StoreLock> {
  const { lockPath, storeDirectory } = input;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (await tryCreateLock(lockPath)) return { release: () => releaseLock(lockPath) };
    const owner = await readOwner(lockPath);
    if (owner !== undefined && isProcessAlive(owner)) {
      throw new StoreError(
        `the embedded store at ${storeDirectory} is in use by process ${owner} (another agentone command); ` +
          "wait for it, or set DATABASE_URL to use PostgreSQL",
      );
    }
    // The owner died without releasing the lock: clear it and try again.
    await rm(lockPath, { force: true });
  }
  throw new StoreError(`could not take the lock ${lockPath} for the embedded store at ${storeDirectory}`);
}

/**
 * Creates the lock file only if it does not exist, so two processes cannot both succeed. The pid is written
 * to a private file first and hard-linked into place, so nobody ever sees a lock without its owner.
 */
async function tryCreateLock(lockPath: string): Promise<boolean> {
  const draftPath = `${lockPath}.${process.pid}.draft`;
  try {
    await writeFile(draftPath, `${process.pid}\n`);
    await link(draftPath, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new StoreError(`could not create the lock ${lockPath}`, { cause: error });
  } finally {
    await rm(draftPath, { force: true });
  }
}

async function readOwner(lockPath: string): Promise<number | undefined> {
  const text = await readFile(lockPath, "utf8").catch(() => "");
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isProcessAlive(pid: number): boolean {
  try {
    // Signal 0 checks for existence without touching the process.
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes the lock only while it is still ours: after a takeover it belongs to someone else. */
async function releaseLock(lockPath: string): Promise<void> {
  const owner = await readOwner(lockPath);
  if (owner === process.pid) await rm(lockPath, { force: true });
}
