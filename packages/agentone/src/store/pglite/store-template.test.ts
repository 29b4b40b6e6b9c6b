import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureStoreTemplate, removeAbandonedPartials, storeTemplateKey } from "./store-template.js";

// Above Linux's largest possible pid (2^22): no process can have it, so its partial folder is abandoned.
const deadPid = 99_999_999;

let templates: string;
beforeEach(async () => {
  templates = join(await mkdtemp(join(tmpdir(), "agentone-templates-")), "templates");
});
afterEach(() => rm(join(templates, ".."), { recursive: true, force: true }));

/** An initializer that writes a small "store" and counts its calls. */
function countingInitializer(content = "migrated") {
  const calls: string[] = [];
  const initialize = async (directory: string) => {
    calls.push(directory);
    await mkdir(directory, { recursive: true });
    await writeFile(join(directory, "PG_VERSION"), content);
  };
  return { calls, initialize };
}

describe("ensureStoreTemplate", () => {
  it("builds the template once, under a partial name renamed to the key, and reuses it afterwards", async () => {
    const { calls, initialize } = countingInitializer();
    const first = await ensureStoreTemplate({ templatesDirectory: templates, key: "k1", initialize });
    const second = await ensureStoreTemplate({ templatesDirectory: templates, key: "k1", initialize });
    expect(first).toBe(join(templates, "k1"));
    expect(second).toBe(first);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(new RegExp(`k1\\.partial-${process.pid}-[0-9a-f]+$`));
    expect(await readdir(templates)).toEqual(["k1"]);
    expect(await readFile(join(first, "PG_VERSION"), "utf8")).toBe("migrated");
  });

  it("leaves no template and no partial folder when building fails half-way, and builds on the next call", async () => {
    const failing = async (directory: string) => {
      await mkdir(directory, { recursive: true });
      await writeFile(join(directory, "half"), "written before the failure");
      throw new Error("initdb died");
    };
    await expect(
      ensureStoreTemplate({ templatesDirectory: templates, key: "k1", initialize: failing }),
    ).rejects.toThrow("initdb died");
    expect(await readdir(templates)).toEqual([]);
    const { calls, initialize } = countingInitializer();
    await ensureStoreTemplate({ templatesDirectory: templates, key: "k1", initialize });
    expect(calls).toHaveLength(1);
    expect(await readdir(templates)).toEqual(["k1"]);
  });

  it("never uses the partial folder a killed builder left, and removes it", async () => {
    await mkdir(join(templates, `k1.partial-${deadPid}-abcd1234`, "base"), { recursive: true });
    const { calls, initialize } = countingInitializer();
    const template = await ensureStoreTemplate({ templatesDirectory: templates, key: "k1", initialize });
    expect(calls).toHaveLength(1);
    expect(await readdir(template)).toEqual(["PG_VERSION"]);
    expect(await readdir(templates)).toEqual(["k1"]);
  });

  it("lets two builders racing for the same template both succeed with the one that finished first", async () => {
    // Both initializers are under way before either finishes: the second rename finds the template there.
    let release: () => void = () => {};
    const bothStarted = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = 0;
    const initialize = (content: string) => async (directory: string) => {
      started += 1;
      if (started === 2) release();
      await bothStarted;
      await mkdir(directory, { recursive: true });
      await writeFile(join(directory, "PG_VERSION"), content);
    };
    const [first, second] = await Promise.all([
      ensureStoreTemplate({ templatesDirectory: templates, key: "k1", initialize: initialize("first") }),
      ensureStoreTemplate({ templatesDirectory: templates, key: "k1", initialize: initialize("second") }),
    ]);
    expect(started).toBe(2);
    expect(first).toBe(join(templates, "k1"));
    expect(second).toBe(first);
    expect(await readdir(templates)).toEqual(["k1"]);
    expect(["first", "second"]).toContain(await readFile(join(first, "PG_VERSION"), "utf8"));
  });

  it("keeps a template per key, so a new version never uses an old version's store", async () => {
    const old = countingInitializer("old");
    const current = countingInitializer("new");
    await ensureStoreTemplate({ templatesDirectory: templates, key: "k1", initialize: old.initialize });
    const template = await ensureStoreTemplate({
      templatesDirectory: templates,
      key: "k2",
      initialize: current.initialize,
    });
    expect(current.calls).toHaveLength(1);
    expect(await readFile(join(template, "PG_VERSION"), "utf8")).toBe("new");
  });
});

describe("removeAbandonedPartials", () => {
  it("removes the partial folders of dead processes only, and only those of the name asked for", async () => {
    await mkdir(templates, { recursive: true });
    const names = [
      `store.partial-${deadPid}-00ff`,
      `store.partial-${process.pid}-00ff`,
      `other.partial-${deadPid}-00ff`,
      "store",
    ];
    for (const name of names) await mkdir(join(templates, name));
    await removeAbandonedPartials(templates, { of: "store" });
    expect((await readdir(templates)).sort()).toEqual(
      ["store", `other.partial-${deadPid}-00ff`, `store.partial-${process.pid}-00ff`].sort(),
    );
    await removeAbandonedPartials(templates);
    expect((await readdir(templates)).sort()).toEqual(["store", `store.partial-${process.pid}-00ff`].sort());
  });
});

describe("storeTemplateKey", () => {
  it("names PGlite's version and changes with the migration files' names or contents", async () => {
    const folder = join(templates, "migrations");
    await mkdir(folder, { recursive: true });
    const migrationsFolder = pathToFileURL(`${folder}/`);
    await writeFile(join(folder, "001_initial.sql"), "create table runs (id text);");
    const first = await storeTemplateKey({ migrationsFolder });
    expect(first).toMatch(/^pglite-\d+\.\d+\.\d+[^-]*-[0-9a-f]{16}$/);
    expect(await storeTemplateKey({ migrationsFolder })).toBe(first);
    await writeFile(join(folder, "001_initial.sql"), "create table runs (id text, goal text);");
    const edited = await storeTemplateKey({ migrationsFolder });
    expect(edited).not.toBe(first);
    await writeFile(join(folder, "002_more.sql"), "create table more (id text);");
    expect(await storeTemplateKey({ migrationsFolder })).not.toBe(edited);
  });
});
