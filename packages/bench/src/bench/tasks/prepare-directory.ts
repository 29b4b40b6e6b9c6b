import { mkdir, readdir, realpath } from "node:fs/promises";
import path from "node:path";
import { ConfigError } from "agentone";
import type { PrepareOptions } from "./bench-task.js";

/**
 * Checks a task's prepare options and creates the workspace directory. The directory must be missing or
 * empty, so no stale file from an earlier run can leak into a fixture.
 *
 * @example
 * ```ts
 * const workspace = await prepareWorkspaceDirectory({ directory: "/tmp/run-1", seed: 1 });
 * ```
 */
export async function prepareWorkspaceDirectory(options: PrepareOptions): Promise<string> {
  if (!Number.isSafeInteger(options.seed) || options.seed < 0) {
    throw new ConfigError(`the task seed must be a non-negative integer, got ${String(options.seed)}`, {
      key: "seed",
    });
  }
  if (typeof options.directory !== "string" || options.directory.trim() === "") {
    throw new ConfigError("the task directory must be a non-empty path", { key: "directory" });
  }
  const workspace = path.resolve(options.directory);
  let existing: string[];
  let resolved: string;
  try {
    await mkdir(workspace, { recursive: true });
    existing = await readdir(workspace);
    resolved = await realpath(workspace);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`cannot use ${workspace} as the task directory: ${reason}`, {
      key: "directory",
      cause: error,
    });
  }
  if (existing.length > 0) {
    throw new ConfigError(
      `the task directory ${workspace} is not empty (${existing.length} entries); give an empty or new directory`,
      { key: "directory" },
    );
  }
  // Symlink-resolved, as tools expect their workspace root to be.
  return resolved;
}
