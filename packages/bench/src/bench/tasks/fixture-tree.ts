import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** A fixture's files by workspace-relative path (always with forward slashes). */
export type FixtureFiles = ReadonlyMap<string, string | Uint8Array>;

/**
 * Writes a fixture's files under a directory, creating folders as needed.
 *
 * @example
 * ```ts
 * await writeFixtureFiles("/tmp/work", new Map([["src/a.js", "export const a = 1;\n"]]));
 * ```
 */
export async function writeFixtureFiles(directory: string, files: FixtureFiles): Promise<void> {
  for (const [relative, content] of [...files].sort(([left], [right]) => left.localeCompare(right))) {
    const target = path.join(directory, ...relative.split("/"));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
}

/** Every regular file under a directory, by relative path with forward slashes, sorted by path. */
export async function readTree(directory: string): Promise<Map<string, Buffer>> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)))
    .sort();
  const tree = new Map<string, Buffer>();
  for (const relative of files) {
    tree.set(relative.split(path.sep).join("/"), await readFile(path.join(directory, relative)));
  }
  return tree;
}

/** The file's bytes, or null when it is missing or unreadable (graders treat both as "not there"). */
export async function readFileOrNull(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch {
    return null;
  }
}

/** True when the bytes on disk equal the generator's content. */
export function sameBytes(expected: string | Uint8Array, actual: Uint8Array | null): boolean {
  if (actual === null) return false;
  return Buffer.from(expected).equals(Buffer.from(actual));
}

/**
 * Runs `work` with the files written to a fresh temporary directory, removed afterwards, e.g. to grade
 * against a pristine copy regenerated from the fixture generator rather than trusting the workspace.
 */
export async function withTemporaryTree<Result>(
  files: FixtureFiles,
  work: (directory: string) => Promise<Result>,
): Promise<Result> {
  const directory = await mkdtemp(path.join(tmpdir(), "agentone-bench-pristine-"));
  try {
    await writeFixtureFiles(directory, files);
    return await work(directory);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** The text files under a folder (empty when the folder is missing), by path relative to that folder. */
export async function readTextTree(directory: string): Promise<Map<string, string>> {
  let tree: Map<string, Buffer>;
  try {
    tree = await readTree(directory);
  } catch {
    return new Map();
  }
  return new Map([...tree].map(([relative, bytes]) => [relative, bytes.toString("utf8")]));
}
