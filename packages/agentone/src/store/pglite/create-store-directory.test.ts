import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStoreDirectory } from "./create-store-directory.js";

// Above Linux's largest possible pid (2^22): no process can have it.
const deadPid = 99_999_999;

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "agentone-store-directory-"));
});
afterEach(() => rm(root, { recursive: true, force: true }));

function countingInitializer() {
  const calls: string[] = [];
  const initialize = async (directory: string) => {
    calls.push(directory);
    await mkdir(join(directory, "base", "1"), { recursive: true });
    await writeFile(join(directory, "PG_VERSION"), "18\n");
    await writeFile(join(directory, "base", "1", "1259"), "catalog");
  };
  return { calls, initialize };
}

const templateIn = (templatesDirectory: string) => ({ templatesDirectory, key: async () => "k1" });

describe("createStoreDirectory", () => {
  it("copies the template into each new home, building it only for the first", async () => {
    const { calls, initialize } = countingInitializer();
    const template = templateIn(join(root, "cache"));
    for (const home of ["home1", "home2"]) {
      await mkdir(join(root, home));
      await createStoreDirectory({ directory: join(root, home, "store"), initialize, template });
      expect(await readdir(join(root, home))).toEqual(["store"]);
      expect(await readFile(join(root, home, "store", "base", "1", "1259"), "utf8")).toBe("catalog");
    }
    expect(calls).toHaveLength(1);
    expect(calls[0]?.startsWith(join(root, "cache", "k1.partial-"))).toBe(true);
  });

  it("builds in place, under a partial name, when there is no template folder", async () => {
    const { calls, initialize } = countingInitializer();
    await createStoreDirectory({ directory: join(root, "store"), initialize });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(/store\.partial-\d+-[0-9a-f]+$/);
    expect(await readdir(root)).toEqual(["store"]);
  });

  it("builds in place when the template folder cannot be created", async () => {
    await writeFile(join(root, "not-a-folder"), "");
    const { calls, initialize } = countingInitializer();
    await createStoreDirectory({
      directory: join(root, "store"),
      initialize,
      template: templateIn(join(root, "not-a-folder", "templates")),
    });
    expect(calls).toHaveLength(1);
    expect((await readdir(root)).sort()).toEqual(["not-a-folder", "store"]);
  });

  it("leaves no store when building fails, and removes what a killed creator left", async () => {
    await mkdir(join(root, `store.partial-${deadPid}-0a0b`, "base"), { recursive: true });
    const failing = async (directory: string) => {
      await mkdir(directory, { recursive: true });
      throw new Error("no space left");
    };
    await expect(
      createStoreDirectory({ directory: join(root, "store"), initialize: failing }),
    ).rejects.toThrow("no space left");
    expect(await readdir(root)).toEqual([]);
  });
});
