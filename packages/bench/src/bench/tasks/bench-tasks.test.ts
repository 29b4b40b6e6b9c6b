import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ConfigError } from "agentone";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PreparedTask } from "./bench-task.js";
import { readTree } from "./fixture-tree.js";
import { benchTasks, referenceSolutions } from "./index.js";

let base: string;
const opened: PreparedTask[] = [];

beforeEach(async () => {
  base = await mkdtemp(path.join(tmpdir(), "agentone-bench-all-"));
});

afterEach(async () => {
  for (const prepared of opened.splice(0)) await prepared.services?.close();
  await rm(base, { recursive: true, force: true });
});

async function prepare(id: string, options: { name: string; seed: number }): Promise<PreparedTask> {
  const task = benchTasks.find((candidate) => candidate.id === id);
  if (task === undefined) throw new Error(`no task ${id}`);
  const prepared = await task.prepare({ directory: path.join(base, options.name), seed: options.seed });
  opened.push(prepared);
  return prepared;
}

/** The tree with the live base URL (the one thing allowed to differ between two preparations) masked. */
async function treeOf(prepared: PreparedTask): Promise<Map<string, string>> {
  const tree = await readTree(prepared.workspace);
  const baseUrl = prepared.services?.baseUrl;
  return new Map(
    [...tree].map(([relative, bytes]) => {
      const text = bytes.toString("latin1");
      return [relative, baseUrl === undefined ? text : text.split(baseUrl).join("<baseUrl>")];
    }),
  );
}

const ids = benchTasks.map((task) => task.id);

describe("benchTasks", () => {
  it("lists six tasks with unique ids, a rubric each, and a reference solution each", () => {
    expect(ids).toEqual([
      "update-dependency",
      "triage-ci",
      "breaking-changes-patch",
      "fix-failing-test",
      "docs-citations",
      "api-workflow",
    ]);
    for (const task of benchTasks) {
      expect(task.rubric).toContain("essential");
      expect(task.title.length).toBeGreaterThan(0);
    }
    expect(Object.keys(referenceSolutions).sort()).toEqual([...ids].sort());
  });

  it.each(ids)("%s: the same seed gives byte-identical trees", async (id) => {
    const first = await treeOf(await prepare(id, { name: "first", seed: 42 }));
    const second = await treeOf(await prepare(id, { name: "second", seed: 42 }));
    expect(first.size).toBeGreaterThan(0);
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [relative, content] of first) expect(second.get(relative), relative).toBe(content);
  });

  it.each(ids)("%s: the reference solution succeeds with quality 1", async (id) => {
    const seed = 9;
    const prepared = await prepare(id, { name: "solved", seed });
    const solution = referenceSolutions[id];
    if (solution === undefined) throw new Error(`no reference solution for ${id}`);
    const { answer } = await solution.solve({ prepared, seed });
    const result = await prepared.grade({ answer, workspace: prepared.workspace });
    expect(result.explanation).toMatch(/^success/);
    expect(result.quality).toBe(1);
  });
});

describe("prepare refusals", () => {
  it.each(ids)("%s refuses a non-empty directory and writes nothing", async (id) => {
    const directory = path.join(base, "used");
    await mkdir(directory, { recursive: true });
    await writeFile(path.join(directory, "keep.txt"), "mine\n");
    const task = benchTasks.find((candidate) => candidate.id === id);
    const attempt = task?.prepare({ directory, seed: 1 });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toMatchObject({ details: { key: "directory" } });
    expect(await readdir(directory)).toEqual(["keep.txt"]);
  });

  it.each([-1, 1.5, Number.NaN])("refuses the seed %s", async (seed) => {
    const task = benchTasks[0];
    const directory = path.join(base, "bad-seed");
    await expect(task?.prepare({ directory, seed })).rejects.toMatchObject({ details: { key: "seed" } });
    await expect(readdir(directory)).rejects.toThrow();
  });

  it("refuses a directory that is a file", async () => {
    const file = path.join(base, "a-file");
    await writeFile(file, "x");
    await expect(benchTasks[3]?.prepare({ directory: file, seed: 0 })).rejects.toMatchObject({
      details: { key: "directory" },
    });
  });
});
