import { lstat, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { ToolError } from "../../core/errors/index.js";
import { isHardLinked } from "../workspace/workspace-path.js";

export interface PathArgumentsOptions {
  /** Real (symlink-resolved) path of the workspace root. */
  root: string;
  /** Real path of the directory the command runs in (relative arguments resolve against it). */
  cwd: string;
  /** The command's argv; the program (element 0) is not checked. */
  command: readonly string[];
}

function isInside(root: string, absolute: string): boolean {
  const relative = path.relative(root, absolute);
  return !(relative === ".." || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative));
}

/** The parts of an argument that may be paths: the argument, and the value of `--option=value`. */
function pathCandidates(argument: string): string[] {
  const candidates = [argument];
  const equals = argument.indexOf("=");
  if (argument.startsWith("-") && equals > 0) candidates.push(argument.slice(equals + 1));
  return candidates.filter((candidate) => candidate.length > 0);
}

/** Paths by their look (a `/`, a leading `.`), or plain words that name an entry (e.g. a symlink). */
async function looksLikePath(options: { cwd: string; candidate: string }): Promise<boolean> {
  const { cwd, candidate } = options;
  if (candidate.includes("/") || candidate.startsWith(".") || path.isAbsolute(candidate)) return true;
  return lstat(path.join(cwd, candidate)).then(
    () => true,
    () => false,
  );
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

/**
 * Where the operating system would take `raw`: its longest existing prefix with symlinks followed
 * (without normalizing `..` first, because `link/..` climbs from the link's target, not from the
 * link), then the rest of it applied by name. Undefined when that cannot be known safely: a dangling
 * symlink (a write would follow it anywhere), a loop, or a permission error.
 */
async function realLocation(raw: string): Promise<string | undefined> {
  const segments = raw.split(path.sep);
  for (let length = segments.length; length > 0; length--) {
    const prefix = segments.slice(0, length).join(path.sep) || path.sep;
    try {
      return path.resolve(await realpath(prefix), ...segments.slice(length));
    } catch (error) {
      if (!isMissing(error)) return undefined;
      const danglingLink = await lstat(prefix).then(
        () => true,
        () => false,
      );
      if (danglingLink) return undefined;
    }
  }
  return undefined;
}

async function leadsOutside(options: { root: string; cwd: string; candidate: string }): Promise<boolean> {
  const { root, cwd, candidate } = options;
  if (!(await looksLikePath({ cwd, candidate }))) return false;
  const raw = path.isAbsolute(candidate) ? candidate : `${cwd}${path.sep}${candidate}`;
  if (!isInside(root, path.resolve(raw))) return true;
  const real = await realLocation(raw);
  if (real === undefined || !isInside(root, real)) return true;
  // A hard-linked file's other names may be outside the workspace: it is the same file.
  const info = await stat(real).catch(() => undefined);
  return info !== undefined && isHardLinked(info);
}

/**
 * Refuses arguments that look like paths (they contain `/`, start with `.`, or name an existing entry;
 * alone or as the value of `--option=value`) and lead outside the workspace, by `..`, as an absolute
 * path, through a symlink, or to a hard-linked file (whose other names may be outside). This is a guard against obvious escapes, not a sandbox: a program can still open any path
 * its own code names, which is why the command allowlist is the real boundary.
 *
 * @example
 * ```ts
 * await refusePathArgumentsOutsideWorkspace({ root, cwd: root, command: ["cat", "src/a.ts"] }); // fine
 * await refusePathArgumentsOutsideWorkspace({ root, cwd: root, command: ["cat", "../secret"] }); // throws
 * ```
 */
export async function refusePathArgumentsOutsideWorkspace(options: PathArgumentsOptions): Promise<void> {
  for (const argument of options.command.slice(1)) {
    for (const candidate of pathCandidates(argument)) {
      if (await leadsOutside({ root: options.root, cwd: options.cwd, candidate })) {
        throw new ToolError(
          "path_outside_workspace",
          `Refused argument ${JSON.stringify(argument)}: it leads outside the workspace (through '..', ` +
            `an absolute path, a symbolic link, or a hard-linked file). Commands may only name paths inside the workspace; ` +
            `relative paths resolve against the command's cwd.`,
        );
      }
    }
  }
}
