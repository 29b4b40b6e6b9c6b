import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  readFileOrNull,
  readTextTree,
  readTree,
  sameBytes,
  withTemporaryTree,
  writeFixtureFiles,
} from "./fixture-tree.js";

let base: string;

beforeEach(async () => {
  base = await mkdtemp(path.join(tmpdir(), "agentone-bench-tree-"));
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const files = new Map<string, string | Uint8Array>([
  ["b/c.txt", "see\n"],
  ["a.bin", new Uint8Array([0, 255, 1])],
]);

describe("fixture trees", () => {
  it("writes and reads back the same files, sorted, with forward slashes", async () => {
    await writeFixtureFiles(base, files);
    const tree = await readTree(base);
    expect([...tree.keys()]).toEqual(["a.bin", "b/c.txt"]);
    expect(sameBytes(files.get("a.bin") ?? "", tree.get("a.bin") ?? null)).toBe(true);
    expect(sameBytes("see", tree.get("b/c.txt") ?? null)).toBe(false);
    expect(await readTextTree(path.join(base, "b"))).toEqual(new Map([["c.txt", "see\n"]]));
  });

  it("treats missing files and folders as absent", async () => {
    expect(await readFileOrNull(path.join(base, "missing"))).toBeNull();
    expect(await readTextTree(path.join(base, "missing"))).toEqual(new Map());
    expect(sameBytes("x", null)).toBe(false);
  });

  it("removes the temporary tree after the work, even when it throws", async () => {
    let seen = "";
    const result = await withTemporaryTree(files, async (directory) => {
      seen = directory;
      return (await readdir(directory)).sort();
    });
    expect(result).toEqual(["a.bin", "b"]);
    await expect(readdir(seen)).rejects.toThrow();
    await expect(
      withTemporaryTree(files, async (directory) => {
        seen = directory;
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await expect(readdir(seen)).rejects.toThrow();
  });
});
