import { createHash } from "node:crypto";
import { rm } from "node:fs/promises";
import { createConnection, createServer, type Server } from "node:net";
import { resolve } from "node:path";
import { StoreError } from "../../core/errors/index.js";

/** A held lock: release it once the database is closed. */
export interface StoreLock {
  release(): Promise<void>;
}

// A takeover of a stale lock can lose a race with another process; a few rounds settle it.
const attempts = 5;
// The owner answers a probe with its pid at once, unless its event loop is busy; the pid is only for humans.
const pidWaitMs = 1000;
// Unix socket paths are limited to 108 bytes on Linux and 104 on macOS, terminator included.
const maxSocketPathBytes = 100;

type Probe = { state: "held"; pid: number | undefined } | { state: "stale" } | { state: "absent" };

/**
 * Takes the lock that keeps a second process from opening the same embedded database, which PGlite cannot
 * share. The lock is a Unix domain socket at `lockPath` on which the owner listens: the operating system
 * closes it when the owner dies, however it dies, so a lock never outlives its process, and a reused
 * process id cannot keep it alive. Another process probes it by connecting: an answer (the owner's pid,
 * for the message) means held; a refused connection means the owner is gone and the lock is taken over.
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
  if (Buffer.byteLength(lockPath) > maxSocketPathBytes) {
    throw new StoreError(
      `the lock path ${lockPath} is too long for a Unix socket (at most ${maxSocketPathBytes} bytes); ` +
        "set AGENTONE_HOME to a shorter directory, or DATABASE_URL to use PostgreSQL",
    );
  }
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const server = await tryListen(lockPath);
    if (server !== undefined) return { release: () => closeServer(server) };
    const probe = await probeLock(lockPath);
    if (probe.state === "held") {
      const owner = probe.pid === undefined ? "another process" : `process ${probe.pid}`;
      throw new StoreError(
        `the embedded store at ${storeDirectory} is in use by ${owner} (another agentone command); ` +
          "wait for it, or set DATABASE_URL to use PostgreSQL",
      );
    }
    if (probe.state === "stale") await removeStaleLock(lockPath);
  }
  throw new StoreError(`could not take the lock ${lockPath} for the embedded store at ${storeDirectory}`);
}

/** Listens on the lock path; undefined when something is already there (a live or a stale lock). */
function tryListen(lockPath: string): Promise<Server | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer((connection) => {
      connection.on("error", () => {});
      connection.end(`${process.pid}\n`);
    });
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") resolve(undefined);
      else reject(new StoreError(`could not create the lock ${lockPath}`, { cause: error }));
    });
    server.listen(lockPath, () => {
      // The lock must not keep a finished command alive.
      server.unref();
      resolve(server);
    });
  });
}

/** Connects to the lock: an answer means a live owner; a refused connection, a dead one. */
function probeLock(lockPath: string): Promise<Probe> {
  return new Promise((resolve) => {
    const socket = createConnection(lockPath);
    let answer = "";
    let connected = false;
    const held = () => {
      const pid = Number.parseInt(answer.trim(), 10);
      resolve({ state: "held", pid: Number.isInteger(pid) && pid > 0 ? pid : undefined });
      socket.destroy();
    };
    const timer = setTimeout(held, pidWaitMs);
    timer.unref();
    socket.on("connect", () => {
      connected = true;
    });
    socket.on("data", (chunk: Buffer) => {
      answer += chunk.toString("utf8");
    });
    socket.on("end", () => {
      clearTimeout(timer);
      held();
    });
    socket.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (connected) held();
      // Refused: nobody listens (the owner died, or an old-style lock file is there). Gone: try again.
      else resolve(error.code === "ENOENT" ? { state: "absent" } : { state: "stale" });
    });
  });
}

/**
 * Removes a lock whose owner has died. Two processes may find the same stale lock at once; if the second
 * removed it only after the first had taken it over, both would believe they hold it. So on Linux the
 * removal happens under a mutex (an abstract socket, which needs no file and dies with its process), after
 * probing again.
 */
async function removeStaleLock(lockPath: string): Promise<void> {
  const mutex = process.platform === "linux" ? await tryListen(abstractName(lockPath)) : null;
  // Another process is taking it over right now: go round again and see what it made of it.
  if (mutex === undefined) return;
  try {
    if ((await probeLock(lockPath)).state === "stale") await rm(lockPath, { force: true });
  } finally {
    if (mutex !== null) await closeServer(mutex);
  }
}

/** A Linux abstract socket name (leading NUL) for the takeover of this lock path. */
function abstractName(lockPath: string): string {
  return `\0agentone-store-lock-takeover-${createHash("sha256").update(resolve(lockPath)).digest("hex").slice(0, 32)}`;
}

function closeServer(server: Server): Promise<void> {
  // Closing a Unix socket server also removes its socket file.
  return new Promise((resolve) => server.close(() => resolve()));
}
