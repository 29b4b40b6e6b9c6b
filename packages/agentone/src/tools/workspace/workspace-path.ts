import { lstat, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { ToolError } from "../../core/errors/index.js";
import { isMissingFileError, toFileSystemToolError } from "./file-system-error.js";

/** Reading only needs the target to exist; writing may create it and its parents. */
export type PathPurpose = "read" | "write";

export interface ResolveWorkspacePathOptions {
  /** Absolute path of the workspace root. */
  root: string;
  /** The path the model gave, relative to the root. */
  path: string;
  purpose: PathPurpose;
}

export interface WorkspacePath {
  absolute: string;
  /** Relative to the root, with forward slashes; "." for the root itself. */
  relative: string;
}

function refuse(requested: string, why: string): ToolError {
  return new ToolError(
    "path_outside_workspace",
    `Refused path ${JSON.stringify(requested)}: ${why}. Paths must be relative to the workspace root ` +
      `(for example "src/index.ts") and stay inside it.`,
  );
}

/** The root-relative form of `absolute`, or undefined when it lies outside the root. */
function relativeInside(root: string, absolute: string): string | undefined {
  const relative = path.relative(root, absolute);
  if (relative === "") return ".";
  if (relative === ".." || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative))
    return undefined;
  return relative.split(path.sep).join("/");
}

// Case-insensitive because macOS and Windows file systems treat ".GIT" as ".git".
function touchesGitInternals(relative: string): boolean {
  return relative.split("/").some((segment) => segment.toLowerCase() === ".git");
}

/** Where the path really leads once symlinks are followed; for writes, via its nearest existing ancestor. */
async function realDestination(options: { absolute: string; requested: string; purpose: PathPurpose }) {
  const { absolute, requested, purpose } = options;
  if (purpose === "read") {
    try {
      return await realpath(absolute);
    } catch (error) {
      if (!isMissingFileError(error)) throw toFileSystemToolError(error, requested);
      throw new ToolError(
        "not_found",
        `${JSON.stringify(requested)} does not exist. Paths are relative to the workspace root; ` +
          `call list_files to see what exists.`,
        { cause: error },
      );
    }
  }
  let existing = absolute;
  // lstat, not stat: a dangling symlink exists (and would be followed on write), so it must stop the climb.
  for (;;) {
    try {
      await lstat(existing);
      break;
    } catch (error) {
      if (!isMissingFileError(error)) throw toFileSystemToolError(error, requested);
      existing = path.dirname(existing);
    }
  }
  try {
    return await realpath(existing);
  } catch (error) {
    if (!isMissingFileError(error)) throw toFileSystemToolError(error, requested);
    throw refuse(requested, "it goes through a symbolic link whose target does not exist");
  }
}

/**
 * Resolves a model-supplied path against the workspace root, refusing anything that could reach outside
 * it: absolute paths, `..` escapes, NUL bytes, symlinks leading out, hard-linked files (reads and writes),
 * and (for writes) `.git/` internals.
 *
 * @example
 * ```ts
 * const { absolute, relative } = await resolveWorkspacePath({ root, path: "src/a.ts", purpose: "read" });
 * ```
 */
export async function resolveWorkspacePath(options: ResolveWorkspacePathOptions): Promise<WorkspacePath> {
  const requested = options.path;
  if (requested.includes("\0")) throw refuse(requested, "it contains a NUL byte");
  if (path.isAbsolute(requested)) throw refuse(requested, "it is an absolute path");
  const absolute = path.resolve(options.root, requested);
  const relative = relativeInside(options.root, absolute);
  if (relative === undefined) throw refuse(requested, "it leads outside the workspace through '..'");
  const gitRefusal = "tools may not write inside .git/ (git manages those files)";
  if (options.purpose === "write" && touchesGitInternals(relative)) throw refuse(requested, gitRefusal);

  // The root is supposed to be realpath'd already; resolving it again keeps a non-canonical root from
  // making every path look like it escapes.
  const realRoot = await realpath(options.root);
  const destination = await realDestination({ absolute, requested, purpose: options.purpose });
  const realRelative = relativeInside(realRoot, destination);
  if (realRelative === undefined) {
    throw refuse(requested, "it goes through a symbolic link that points outside the workspace");
  }
  if (options.purpose === "write" && touchesGitInternals(realRelative)) throw refuse(requested, gitRefusal);
  await refuseHardLink({ absolute, requested });
  return { absolute, relative };
}

/**
 * True for a regular file with more than one name. Another name may be outside the workspace, and
 * nothing says where: reading it would read that file, and writing it in place would change it.
 */
export function isHardLinked(info: { isFile(): boolean; nlink: number }): boolean {
  return info.isFile() && info.nlink > 1;
}

async function refuseHardLink(options: { absolute: string; requested: string }): Promise<void> {
  const info = await stat(options.absolute).catch(() => undefined);
  if (info && isHardLinked(info)) {
    throw refuse(
      options.requested,
      `it is a hard link (the file has ${info.nlink} names, and another may be outside the workspace)`,
    );
  }
}
