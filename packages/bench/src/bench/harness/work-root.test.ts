import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireWorkRoot } from "./work-root.js";

let base: string;
beforeEach(async () => {
  base = await mkdtemp(path.join(tmpdir(), "agentone-work-root-"));
});
afterEach(() => rm(base, { recursive: true, force: true }));

describe("acquireWorkRoot", () => {
  it("takes slot 0, marks it with the pid, and removes it on release", async () => {
    const root = await acquireWorkRoot({ base });
    expect(root.path).toBe(path.join(base, "0"));
    expect((await readFile(path.join(root.path, "pid"), "utf8")).trim()).toBe(String(process.pid));
    await root.release();
    expect(await readdir(base)).toEqual([]);
  });

  it("takes the next slot while one is held, and slot 0 again once it is free", async () => {
    const first = await acquireWorkRoot({ base });
    const second = await acquireWorkRoot({ base });
    expect(second.path).toBe(path.join(base, "1"));
    await first.release();
    await second.release();
    const again = await acquireWorkRoot({ base });
    expect(again.path).toBe(path.join(base, "0"));
    await again.release();
  });

  it("takes over a slot left behind by a process that is gone", async () => {
    await mkdir(path.join(base, "0"));
    // Far above any real pid: no such process exists.
    await writeFile(path.join(base, "0", "pid"), "999999999\n");
    await writeFile(path.join(base, "0", "stale.txt"), "left over");
    const root = await acquireWorkRoot({ base });
    expect(root.path).toBe(path.join(base, "0"));
    expect(await readdir(root.path)).toEqual(["pid"]);
    await root.release();
  });

  it("leaves alone a slot whose owner is alive or not yet known", async () => {
    await mkdir(path.join(base, "0"));
    await writeFile(path.join(base, "0", "pid"), `${process.ppid}\n`);
    await mkdir(path.join(base, "1"));
    const root = await acquireWorkRoot({ base });
    expect(root.path).toBe(path.join(base, "2"));
    await root.release();
  });
});
