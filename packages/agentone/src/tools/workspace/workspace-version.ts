import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readlink, stat } from "node:fs/promises";
import path from "node:path";
import { isAgentOneError, type ToolError } from "../../core/errors/index.js";
import { sha256Hex, stableJson } from "../../core/stable-json.js";
import { toFileSystemToolError } from "./file-system-error.js";
import { byCodeUnits, walkDirectory } from "./walk-directory.js";
import { resolveWorkspacePath } from "./workspace-path.js";

/**
 * The state of one path: the SHA-256 of a regular file's bytes (64 hex digits), or `missing`,
 * `directory` or `special` (a socket, device or pipe, which is never read: a pipe would block).
 */
export type FileVersion = string;

/**
 * The version of the file at `path`, following symlinks. A missing file has a version too, so a cached
 * "not found" result stops matching once the file appears.
 *
 * @example
 * ```ts
 * const version = await fileVersion("/work/repo/src/index.ts"); // "9f86d0…" or "missing"
 * ```
 */
export async function fileVersion(filePath: string): Promise<FileVersion> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(filePath);
  } catch (error) {
    if (isMissing(error)) return "missing";
    throw error;
  }
  if (info.isDirectory()) return "directory";
  if (!info.isFile()) return "special";
  const hash = createHash("sha256");
  // Streamed, so a large file is hashed without holding it in memory.
  for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export interface WorkspaceFingerprintOptions {
  /** The workspace root. */
  root: string;
  /**
   * Root-relative paths to cover, e.g. the files a tool read. Each must stay inside the workspace (a
   * ToolError `path_outside_workspace` otherwise). Omitted: every file and directory under the root
   * except `.git`, `node_modules` and `.agentone`.
   */
  files?: readonly string[];
  signal?: AbortSignal;
}

/**
 * One hash for the state of a set of workspace paths: SHA-256 over the sorted root-relative paths and
 * their {@link fileVersion}s. Symlinks found while walking count by their target text and are not
 * followed, so nothing outside the workspace is read.
 *
 * @example
 * ```ts
 * const readVersion = await workspaceFingerprint({ root, files: ["src/a.ts", "src/b.ts"] });
 * ```
 */
export async function workspaceFingerprint(options: WorkspaceFingerprintOptions): Promise<string> {
  const signal = options.signal ?? new AbortController().signal;
  const versions =
    options.files === undefined
      ? await walkedVersions(options.root, signal)
      : await listedVersions({ root: options.root, files: options.files, signal });
  const entries = [...versions].sort(([left], [right]) => byCodeUnits(left, right));
  return sha256Hex(stableJson({ layout: 1, entries }));
}

async function listedVersions(input: {
  root: string;
  files: readonly string[];
  signal: AbortSignal;
}): Promise<Map<string, FileVersion>> {
  const versions = new Map<string, FileVersion>();
  for (const file of input.files) {
    input.signal.throwIfAborted();
    try {
      const target = await resolveWorkspacePath({ root: input.root, path: file, purpose: "read" });
      versions.set(
        target.relative,
        await fileVersion(target.absolute).catch((error: unknown) => {
          throw toFileSystemToolError(error, target.relative);
        }),
      );
    } catch (error) {
      if (!isAgentOneError(error) || (error as ToolError).reason !== "not_found") throw error;
      // The path was checked for escapes before existence, so a missing file here lies inside the root.
      versions.set(relativeForm(input.root, file), "missing");
    }
  }
  return versions;
}

async function walkedVersions(root: string, signal: AbortSignal): Promise<Map<string, FileVersion>> {
  const versions = new Map<string, FileVersion>();
  const entries = await walkDirectory({ absolute: root, relative: ".", recursive: true, signal });
  for (const entry of entries) {
    signal.throwIfAborted();
    switch (entry.kind) {
      case "file":
        versions.set(
          entry.relative,
          await fileVersion(entry.absolute).catch((error: unknown) => {
            throw toFileSystemToolError(error, entry.relative);
          }),
        );
        break;
      case "directory":
        versions.set(entry.relative, "directory");
        break;
      case "symlink":
        versions.set(entry.relative, `symlink:${await readlink(entry.absolute)}`);
        break;
      case "other":
        versions.set(entry.relative, "special");
        break;
    }
  }
  return versions;
}

/** The root-relative form resolveWorkspacePath gives, for a path that does not exist. */
function relativeForm(root: string, file: string): string {
  const relative = path.relative(path.resolve(root), path.resolve(root, file));
  return relative === "" ? "." : relative.split(path.sep).join("/");
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}
