import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireStoreLock } from "./store-lock.js";

const builtLock = resolve(import.meta.dirname, "../../../dist/store/pglite/store-lock.js");

let directory: string;
let lockPath: string;
const lockInput = () => ({ lockPath, storeDirectory: join(directory, "store") });

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "agentone-lock-"));
  lockPath = join(directory, "store.lock");
});
afterEach(() => rm(directory, { recursive: true, force: true }));

/** Starts a process that takes the lock with the built module and says so; it then holds it until killed. */
async function holderProcess(): Promise<ChildProcess> {
  const script = `
    const { acquireStoreLock } = await import(${JSON.stringify(builtLock)});
    await acquireStoreLock(${JSON.stringify(lockInput())});
    process.stdout.write("held\\n");
    setInterval(() => {}, 1 << 30);
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((ready, failed) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("held")) ready();
    });
    child.on("exit", (code) => failed(new Error(`the lock holder exited with ${code}`)));
  });
  return child;
}

async function sigkill(child: ChildProcess): Promise<void> {
  const exited = new Promise((done) => child.on("exit", done));
  child.kill("SIGKILL");
  await exited;
}

describe("the embedded store's lock", () => {
  it("keeps a second holder out while the owner lives, naming its pid, and frees on release", async () => {
    const lock = await acquireStoreLock(lockInput());
    await expect(acquireStoreLock(lockInput())).rejects.toMatchObject({
      code: "STORE_ERROR",
      message: expect.stringContaining(`in use by process ${process.pid}`),
    });
    await lock.release();
    await expect(stat(lockPath)).rejects.toMatchObject({ code: "ENOENT" });
    await (await acquireStoreLock(lockInput())).release();
  });

  it("refuses while another live process holds it, and takes it over once that process is SIGKILLed", async () => {
    const holder = await holderProcess();
    try {
      await expect(acquireStoreLock(lockInput())).rejects.toMatchObject({
        message: expect.stringContaining(`in use by process ${holder.pid}`),
      });
    } finally {
      await sigkill(holder);
    }
    // The killed owner left its socket file behind; nobody listens on it any more.
    expect((await stat(lockPath)).isSocket()).toBe(true);
    const lock = await acquireStoreLock(lockInput());
    await lock.release();
  }, 30_000);

  it("is not kept by an old lock file naming a live pid (process 1, or this very process)", async () => {
    for (const pid of [1, process.pid]) {
      await writeFile(lockPath, `${pid}\n`);
      const lock = await acquireStoreLock(lockInput());
      expect((await stat(lockPath)).isSocket()).toBe(true);
      await lock.release();
    }
  });

  it("lets exactly one of several processes racing for a stale lock take it", async () => {
    const holder = await holderProcess();
    await sigkill(holder);
    const outcomes = await Promise.allSettled([1, 2, 3, 4].map(() => acquireStoreLock(lockInput())));
    const held = outcomes.filter((outcome) => outcome.status === "fulfilled");
    expect(held).toHaveLength(1);
    for (const outcome of held) await outcome.value.release();
  }, 30_000);
});
