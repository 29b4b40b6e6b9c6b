import { realpath } from "node:fs/promises";
import { isAbsolute, resolve, sep } from "node:path";
import { UnprocessableError } from "../core/errors/index.js";

/** The roots as real paths (symbolic links resolved), once at start; a root that does not exist is an error. */
export async function resolveWorkspaceRoots(roots: readonly string[], base: string): Promise<string[]> {
  return Promise.all(
    roots.map(async (root) => {
      try {
        return await realpath(resolve(base, root));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        throw new UnprocessableError(`server.workspaceRoots: '${root}' cannot be opened (${code})`);
      }
    }),
  );
}

/**
 * The workspace as a real path, if it lies under one of the roots: symbolic links are resolved first, so
 * a link inside a root that points outside it is refused like the outside path itself. A relative path
 * is taken relative to the first root. Anything else is UnprocessableError (422).
 *
 * @example
 * ```ts
 * const workspace = await allowedWorkspace("projects/shop", ["/srv/workspaces"]); // "/srv/workspaces/projects/shop"
 * ```
 */
export async function allowedWorkspace(workspace: string, roots: readonly string[]): Promise<string> {
  const [first] = roots;
  if (first === undefined)
    throw new UnprocessableError("this server allows no workspace: configure server.workspaceRoots", {
      details: { field: "workspace" },
    });
  const requested = isAbsolute(workspace) ? workspace : resolve(first, workspace);
  let real: string;
  try {
    real = await realpath(requested);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "does not exist" : `cannot be opened (${code ?? String(error)})`;
    throw new UnprocessableError(`workspace '${workspace}' ${why}`, { details: { field: "workspace" } });
  }
  const inside = roots.some(
    (root) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep),
  );
  if (!inside)
    throw new UnprocessableError(
      `workspace '${workspace}' is not under an allowed root (server.workspaceRoots)`,
      { details: { field: "workspace" } },
    );
  return real;
}
