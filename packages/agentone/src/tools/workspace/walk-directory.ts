import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { toFileSystemToolError } from "./file-system-error.js";

/** Directory names never listed or searched: version-control internals, dependencies, AgentOne's own state. */
export const skippedDirectoryNames: ReadonlySet<string> = new Set([".git", "node_modules", ".agentone"]);

export type WalkEntryKind = "file" | "directory" | "symlink" | "other";

export interface WalkEntry {
  absolute: string;
  /** Relative to the workspace root, with forward slashes. */
  relative: string;
  kind: WalkEntryKind;
}

export interface WalkDirectoryOptions {
  /** The directory to walk, already resolved inside the workspace. */
  absolute: string;
  /** Its workspace-relative form ("." for the root). */
  relative: string;
  recursive: boolean;
  signal: AbortSignal;
}

function kindOf(entry: Dirent): WalkEntryKind {
  if (entry.isSymbolicLink()) return "symlink";
  if (entry.isDirectory()) return "directory";
  if (entry.isFile()) return "file";
  return "other";
}

/**
 * Lists a directory's entries (and, if recursive, its subdirectories'), unsorted. Symlinks are reported
 * but never followed, so a link pointing outside the workspace cannot pull outside files in, and link
 * cycles cannot loop.
 *
 * @example
 * ```ts
 * const entries = await walkDirectory({ absolute: root, relative: ".", recursive: true, signal });
 * ```
 */
export async function walkDirectory(options: WalkDirectoryOptions): Promise<WalkEntry[]> {
  const entries: WalkEntry[] = [];
  const pending = [{ absolute: options.absolute, relative: options.relative }];
  let isStart = true;
  for (let directory = pending.pop(); directory !== undefined; directory = pending.pop()) {
    options.signal.throwIfAborted();
    let children: Dirent[];
    try {
      children = await readdir(directory.absolute, { withFileTypes: true });
    } catch (error) {
      // An unreadable subdirectory should not sink the whole listing; an unreadable start should.
      if (isStart) throw toFileSystemToolError(error, directory.relative);
      continue;
    }
    isStart = false;
    for (const child of children) {
      if (skippedDirectoryNames.has(child.name)) continue;
      const entry: WalkEntry = {
        absolute: path.join(directory.absolute, child.name),
        relative: directory.relative === "." ? child.name : `${directory.relative}/${child.name}`,
        kind: kindOf(child),
      };
      entries.push(entry);
      if (options.recursive && entry.kind === "directory") pending.push(entry);
    }
  }
  return entries;
}

/**
 * Orders strings by UTF-16 code units, so listings sort the same on every machine and locale.
 *
 * @example
 * ```ts
 * ["b", "a/", "a"].sort(byCodeUnits); // ["a", "a/", "b"]
 * ```
 */
export function byCodeUnits(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}
