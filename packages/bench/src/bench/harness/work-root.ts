import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/** A folder the bench owns for its runs' workspaces; `release` removes it. */
export interface WorkRoot {
  path: string;
  release(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function ownerOf(slot: string): Promise<number | null> {
  try {
    const pid = Number((await readFile(path.join(slot, "pid"), "utf8")).trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Takes the first free numbered slot under `base` (`base/0`, `base/1`, ...) for a bench's workspaces.
 * Simulated models answer as a function of everything they read, and a workspace path could reach them
 * (the bench makes the paths a command prints relative, but another tool's output might carry one), so a
 * bench run after another gets the same paths. A slot left behind by a process that is gone is taken over.
 *
 * @example
 * ```ts
 * const root = await acquireWorkRoot({ base: path.join(os.tmpdir(), "agentone-bench") });
 * // ... runs in path.join(root.path, "triage-ci.agentone.1") ...
 * await root.release();
 * ```
 */
export async function acquireWorkRoot(options: { base: string }): Promise<WorkRoot> {
  await mkdir(options.base, { recursive: true });
  for (let index = 0; ; index++) {
    const slot = path.join(options.base, String(index));
    try {
      await mkdir(slot);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = await ownerOf(slot);
      // A slot without a pid file may be one another bench is creating right now: leave it.
      if (owner === null || owner === process.pid || isAlive(owner)) continue;
      await rm(slot, { recursive: true, force: true });
      try {
        await mkdir(slot);
      } catch {
        continue;
      }
    }
    await writeFile(path.join(slot, "pid"), `${process.pid}\n`);
    return { path: slot, release: () => rm(slot, { recursive: true, force: true }) };
  }
}
