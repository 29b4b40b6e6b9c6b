import { stat } from "node:fs/promises";
import { applyPatch, type StructuredPatch, type StructuredPatchHunk } from "diff";
import { ToolError } from "../../core/errors/index.js";
import { isMissingFileError, toFileSystemToolError } from "./file-system-error.js";
import type { FilePatch } from "./parse-file-patches.js";
import { readTextFile } from "./text-file.js";
import { resolveWorkspacePath, type WorkspacePath } from "./workspace-path.js";

/** A file's content before and after the whole patch; null means the file does not exist. */
export interface PlannedChange extends WorkspacePath {
  original: string | null;
  next: string | null;
}

export interface PlanPatchOptions {
  root: string;
  filePatches: readonly FilePatch[];
  signal: AbortSignal;
}

// jsdiff stores a zero-length range's start one past the header's number; undo that for display.
function hunkHeader(hunk: StructuredPatchHunk): string {
  const oldStart = hunk.oldLines === 0 ? hunk.oldStart - 1 : hunk.oldStart;
  const newStart = hunk.newLines === 0 ? hunk.newStart - 1 : hunk.newStart;
  return `@@ -${oldStart},${hunk.oldLines} +${newStart},${hunk.newLines} @@`;
}

/** Index of the first hunk that does not apply, found by applying ever longer runs of hunks. */
function firstFailingHunk(source: string, patch: StructuredPatch): number {
  for (let count = 1; count <= patch.hunks.length; count += 1) {
    if (applyPatch(source, { ...patch, hunks: patch.hunks.slice(0, count) }) === false) return count - 1;
  }
  return 0;
}

function rejectHunk(options: { relative: string; source: string; patch: StructuredPatch }): ToolError {
  const { relative, source, patch } = options;
  const index = firstFailingHunk(source, patch);
  const hunk = patch.hunks[index];
  const header = hunk === undefined ? "(no hunk)" : hunkHeader(hunk);
  return new ToolError(
    "patch_rejected",
    `Hunk ${index + 1} of ${patch.hunks.length} (${header}) does not apply to ${relative}: its context or ` +
      `removed lines do not match the file. No files were changed. Call read_file on ${relative} and ` +
      "regenerate the patch from its current content.",
  );
}

async function loadOriginal(target: WorkspacePath): Promise<string | null> {
  try {
    await stat(target.absolute);
  } catch (error) {
    if (isMissingFileError(error)) return null;
    throw toFileSystemToolError(error, target.relative);
  }
  return readTextFile(target);
}

function patchedContent(options: { change: PlannedChange; filePatch: FilePatch }): string | null {
  const { change, filePatch } = options;
  const shown = change.relative;
  if (filePatch.action === "create" && change.next !== null) {
    throw new ToolError(
      "patch_rejected",
      `The patch creates ${shown} (--- /dev/null), but it already exists. No files were changed. ` +
        `Patch the existing file instead ("--- a/${shown}").`,
    );
  }
  if (filePatch.action !== "create" && change.next === null) {
    throw new ToolError(
      "not_found",
      `The patch changes ${shown}, which does not exist. No files were changed. To create a file, ` +
        'use "--- /dev/null" as its old name.',
    );
  }
  const source = change.next ?? "";
  const result = applyPatch(source, filePatch.patch);
  if (result === false) throw rejectHunk({ relative: shown, source, patch: filePatch.patch });
  if (filePatch.action !== "delete") return result;
  if (result !== "") {
    throw new ToolError(
      "patch_rejected",
      `The patch deletes ${shown} (+++ /dev/null) but does not remove all of its lines. No files were changed.`,
    );
  }
  return null;
}

/**
 * Works out every file's new content in memory, checking every path and hunk before anything is written,
 * so a patch that fails anywhere changes nothing. Several patches to one file apply in order.
 *
 * @example
 * ```ts
 * const changes = await planPatch({ root, filePatches: parseFilePatches(diffText), signal });
 * ```
 */
export async function planPatch(options: PlanPatchOptions): Promise<PlannedChange[]> {
  const changes = new Map<string, PlannedChange>();
  for (const filePatch of options.filePatches) {
    options.signal.throwIfAborted();
    const target = await resolveWorkspacePath({ root: options.root, path: filePatch.path, purpose: "write" });
    let change = changes.get(target.absolute);
    if (change === undefined) {
      const original = await loadOriginal(target);
      change = { ...target, original, next: original };
      changes.set(target.absolute, change);
    }
    change.next = patchedContent({ change, filePatch });
  }
  // A file created and deleted by the same patch needs no write at all.
  return [...changes.values()].filter((change) => change.original !== null || change.next !== null);
}
