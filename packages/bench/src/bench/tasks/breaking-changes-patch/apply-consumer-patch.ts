import { mkdir, readdir, realpath, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseFilePatches, planPatch } from "agentone/internal";

export type PatchApplication =
  | { applied: true; files: string[] }
  | { applied: false; files: string[]; reason: string };

/**
 * Applies a consumer patch to a pristine workspace, all or nothing, with the same rules as the
 * apply_patch tool. Paths may be workspace-relative (`consumer/src/a.js`) or consumer-relative
 * (`src/a.js`); `files` lists them workspace-relative either way, so the caller can check the scope.
 */
export async function applyConsumerPatch(options: {
  workspace: string;
  patchText: string;
}): Promise<PatchApplication> {
  let filePatches: ReturnType<typeof parseFilePatches>;
  try {
    filePatches = parseFilePatches(options.patchText);
  } catch (error) {
    return { applied: false, files: [], reason: error instanceof Error ? error.message : String(error) };
  }
  // Workspace-relative when any path starts at a workspace entry (consumer/, lib-v2/, ...).
  const entries = new Set(await readdir(options.workspace));
  const workspaceRelative = filePatches.some((patch) => entries.has(patch.path.split("/")[0] ?? ""));
  const files = filePatches.map((patch) => (workspaceRelative ? patch.path : `consumer/${patch.path}`));
  const root = await realpath(
    workspaceRelative ? options.workspace : path.join(options.workspace, "consumer"),
  );
  try {
    const changes = await planPatch({ root, filePatches, signal: new AbortController().signal });
    for (const change of changes) {
      if (change.next === null) {
        await rm(change.absolute);
        continue;
      }
      await mkdir(path.dirname(change.absolute), { recursive: true });
      await writeFile(change.absolute, change.next, "utf8");
    }
  } catch (error) {
    return { applied: false, files, reason: error instanceof Error ? error.message : String(error) };
  }
  return { applied: true, files };
}
