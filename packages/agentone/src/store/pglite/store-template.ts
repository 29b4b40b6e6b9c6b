import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** A folder being built is named `<key>.partial-<pid>-<random>`; only a finished one bears the key alone. */
const partialPattern = /^(.+)\.partial-(\d+)-[0-9a-f]+$/;

/**
 * How a migrated empty store is made beyond its migrations, part of its key: a template made an older way
 * (here, with PostgreSQL's template databases, see drop-template-databases.ts) is not copied any more.
 */
const storeLayout = "layout 2: no template databases";

/**
 * What a migrated empty store depends on, as a folder name: PGlite's version (its PostgreSQL and data
 * format), the migration files, names and contents, and the way the store is made around them. A new
 * AgentOne that changes any of them gets a new key, so a template is never used by a version it was not
 * made for.
 *
 * @example
 * ```ts
 * const key = await storeTemplateKey({ migrationsFolder: new URL("../../../migrations/", import.meta.url) });
 * // "pglite-0.5.16-3f2a9c0e1b7d4a65"
 * ```
 */
export async function storeTemplateKey(input: { migrationsFolder: URL }): Promise<string> {
  const hash = createHash("sha256");
  hash.update(`${storeLayout}\n`);
  const names = (await readdir(input.migrationsFolder)).filter((name) => name.endsWith(".sql")).sort();
  for (const name of names) {
    hash.update(`${name}\n`);
    hash.update(await readFile(new URL(name, input.migrationsFolder)));
    hash.update("\n");
  }
  return `pglite-${await pgliteVersion()}-${hash.digest("hex").slice(0, 16)}`;
}

/** The installed PGlite's version; its package exports no package.json, so it is found beside its entry. */
async function pgliteVersion(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  let folder = dirname(entry);
  for (;;) {
    try {
      const manifest = JSON.parse(await readFile(join(folder, "package.json"), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === "@electric-sql/pglite" && manifest.version) return manifest.version;
    } catch {
      // No package.json at this level: look one up.
    }
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`cannot find the version of PGlite (loaded from ${entry})`);
    folder = parent;
  }
}

/**
 * The template for `key` in `templatesDirectory`, made first if there is none: `initialize` builds a
 * migrated empty store in a folder of its own name, which is renamed to the key only once complete. So a
 * process killed while building leaves a `.partial-` folder that nothing copies (and that the next
 * builder removes), and two processes building at once both succeed: the first rename wins, the second
 * process discards its own copy and uses the winner's, which is the same store.
 *
 * @example
 * ```ts
 * const template = await ensureStoreTemplate({ templatesDirectory, key, initialize: createMigratedStore });
 * await copyDirectory(template, join(home, "store.partial-1"));
 * ```
 */
export async function ensureStoreTemplate(input: {
  templatesDirectory: string;
  key: string;
  initialize: (dataDirectory: string) => Promise<void>;
}): Promise<string> {
  const { templatesDirectory, key } = input;
  const template = join(templatesDirectory, key);
  if (await isDirectory(template)) return template;
  await mkdir(templatesDirectory, { recursive: true });
  await removeAbandonedPartials(templatesDirectory);
  const partial = partialName(template);
  try {
    await input.initialize(partial);
    await rename(partial, template);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    // Another process finished the same template first: its store is as good as this one.
    if (await isDirectory(template)) return template;
    throw error;
  }
  return template;
}

/** A fresh name beside `path` for a folder under construction, owned by this process. */
export function partialName(path: string): string {
  return `${path}.partial-${process.pid}-${randomBytes(4).toString("hex")}`;
}

/**
 * Removes the `.partial-` folders in `directory` whose builder has died (killed mid-way); those of live
 * processes are still being built and stay. With `of`, only those of that name (`<of>.partial-...`).
 */
export async function removeAbandonedPartials(
  directory: string,
  options: { of?: string } = {},
): Promise<void> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return;
  }
  for (const name of names) {
    const match = partialPattern.exec(name);
    if (match?.[2] === undefined || (options.of !== undefined && match[1] !== options.of)) continue;
    if (processIsAlive(Number(match[2]))) continue;
    await rm(join(directory, name), { recursive: true, force: true });
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** The package's `migrations/` folder (three levels up from both src/store/pglite and dist/store/pglite). */
export function migrationsFolderUrl(): URL {
  return new URL("../../../migrations/", import.meta.url);
}
