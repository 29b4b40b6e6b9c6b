import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore, storeExists } from "../../src/store/open-store.js";
import { openingEvents, sampleRun, uniqueRunId } from "./sample-events.js";

// Each embedded store opened from disk costs seconds, so the tests below open as few as they can.
const diskTimeout = 60_000;

describe("openStore", () => {
  let home: string;

  beforeEach(async () => {
    home = join(await mkdtemp(join(tmpdir(), "agentone-store-")), "home");
  });

  afterEach(async () => {
    await rm(join(home, ".."), { recursive: true, force: true });
  });

  it(
    "creates the embedded store under a lock, keeps others out, and hands over a stale lock",
    async () => {
      const lockPath = join(home, "store.lock");
      expect(await storeExists(home)).toBe(false);

      const first = await openStore({ home });
      const runId = uniqueRunId();
      try {
        expect(await storeExists(home)).toBe(true);
        expect((await stat(lockPath)).isSocket()).toBe(true);
        await expect(openStore({ home })).rejects.toMatchObject({
          code: "STORE_ERROR",
          message: expect.stringContaining(`in use by process ${process.pid}`),
        });
        await first.createRun(sampleRun(runId), openingEvents(runId));
      } finally {
        await first.close();
      }
      await expect(stat(lockPath)).rejects.toMatchObject({ code: "ENOENT" });

      // A lock file of an older version naming a live process (this one) does not keep the store closed.
      await writeFile(lockPath, `${process.pid}\n`);
      const second = await openStore({ home });
      try {
        expect((await stat(lockPath)).isSocket()).toBe(true);
        expect(await second.readEvents(runId)).toEqual(openingEvents(runId));
      } finally {
        await second.close();
      }
      await expect(stat(lockPath)).rejects.toMatchObject({ code: "ENOENT" });
    },
    diskTimeout,
  );

  it(
    "copies a migrated empty store from the template folder into each new home, made once",
    async () => {
      const templatesDirectory = join(home, "..", "templates");
      const runId = uniqueRunId();
      const first = await openStore({ home, templatesDirectory });
      try {
        expect(await first.listRuns()).toEqual([]);
        await first.createRun(sampleRun(runId), openingEvents(runId));
      } finally {
        await first.close();
      }
      const [key, ...others] = await readdir(templatesDirectory);
      expect(others).toEqual([]);
      expect(key).toMatch(/^pglite-/);
      const otherHome = join(home, "..", "other-home");
      const second = await openStore({ home: otherHome, templatesDirectory });
      try {
        // A copy of the empty template, not of the first home: the run written there is not here.
        expect(await second.listRuns()).toEqual([]);
        await second.createRun(sampleRun(runId), openingEvents(runId));
        expect(await second.readEvents(runId)).toEqual(openingEvents(runId));
      } finally {
        await second.close();
      }
      expect(await readdir(templatesDirectory)).toEqual([key]);
      expect((await readdir(otherHome)).sort()).toEqual(["store"]);
    },
    diskTimeout * 2,
  );

  it("reports a corrupt store directory as a StoreError and releases the lock", async () => {
    await mkdir(join(home, "store"), { recursive: true });
    await writeFile(join(home, "store", "PG_VERSION"), "not a version\n");
    await expect(openStore({ home })).rejects.toMatchObject({
      code: "STORE_ERROR",
      message: expect.stringContaining(join(home, "store")),
    });
    await expect(stat(join(home, "store.lock"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("reports an unreachable PostgreSQL as a configuration error, without revealing the password", async () => {
    const databaseUrl = "postgresql://agent:hunter2secret@127.0.0.1:1/runs";
    const opening = openStore({ home, databaseUrl });
    await expect(opening).rejects.toMatchObject({
      code: "CONFIG_ERROR",
      message: expect.stringContaining("127.0.0.1:1/runs"),
    });
    await expect(opening).rejects.not.toThrow(/hunter2secret/);
    expect(await storeExists(home)).toBe(false);
  });

  it.each(["mysql://agent@127.0.0.1:3306/runs", "127.0.0.1:5432/runs"])(
    "refuses %s as a PostgreSQL URL before connecting",
    async (databaseUrl) => {
      await expect(openStore({ home, databaseUrl })).rejects.toMatchObject({
        code: "CONFIG_ERROR",
        message: expect.stringContaining("postgres:// or postgresql://"),
      });
    },
  );
});
