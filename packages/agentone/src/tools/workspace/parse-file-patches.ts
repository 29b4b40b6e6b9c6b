import { parsePatch, type StructuredPatch } from "diff";
import { ToolError } from "../../core/errors/index.js";

const nullFile = "/dev/null";

/** One file's part of a unified diff, with its workspace path and what it does to the file. */
export interface FilePatch {
  action: "create" | "modify" | "delete";
  /** The path as written in the diff, without `a/` / `b/` prefixes. */
  path: string;
  patch: StructuredPatch;
}

function reject(message: string, cause?: unknown): ToolError {
  return new ToolError("patch_rejected", `${message} No files were changed.`, { cause });
}

function withoutPrefix(name: string, prefix: "a/" | "b/"): string {
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/** Names without git's `a/` and `b/` prefixes; stripped only when the diff uses them the way git does. */
function fileNames(patch: StructuredPatch): { oldName: string; newName: string } | undefined {
  const { oldFileName, newFileName } = patch;
  if (oldFileName === undefined || newFileName === undefined) return undefined;
  if (oldFileName === nullFile) return { oldName: oldFileName, newName: withoutPrefix(newFileName, "b/") };
  if (newFileName === nullFile) return { oldName: withoutPrefix(oldFileName, "a/"), newName: newFileName };
  if (oldFileName.startsWith("a/") && newFileName.startsWith("b/")) {
    return { oldName: oldFileName.slice(2), newName: newFileName.slice(2) };
  }
  return { oldName: oldFileName, newName: newFileName };
}

function toFilePatch(patch: StructuredPatch): FilePatch {
  const names = fileNames(patch);
  if (names === undefined) {
    throw reject(
      'The patch has a hunk without file headers; every file needs "--- old" and "+++ new" lines.',
    );
  }
  const { oldName, newName } = names;
  if (patch.isBinary) throw reject(`The patch for ${JSON.stringify(newName)} is a binary patch.`);
  if (oldName === nullFile && newName === nullFile) throw reject("The patch names /dev/null as both files.");
  if (patch.isCreate || oldName === nullFile) return { action: "create", path: newName, patch };
  if (patch.isDelete || newName === nullFile) return { action: "delete", path: oldName, patch };
  if (patch.isRename || patch.isCopy || oldName !== newName) {
    throw reject(
      `The patch renames or copies ${JSON.stringify(oldName)} to ${JSON.stringify(newName)}, which apply_patch ` +
        "does not support; create the new file and delete the old one instead.",
    );
  }
  if (patch.hunks.length === 0) throw reject(`The patch for ${JSON.stringify(newName)} has no hunks.`);
  return { action: "modify", path: newName, patch };
}

/**
 * Parses a unified diff (git-style or plain) into per-file patches, refusing what apply_patch cannot do:
 * malformed diffs, renames, copies and binary patches.
 *
 * @example
 * ```ts
 * const [change] = parseFilePatches("--- a/x.txt\n+++ b/x.txt\n@@ -1 +1 @@\n-old\n+new\n");
 * // change.action === "modify", change.path === "x.txt"
 * ```
 */
export function parseFilePatches(text: string): FilePatch[] {
  let patches: StructuredPatch[];
  try {
    patches = parsePatch(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw reject(`The patch is not a valid unified diff: ${detail}.`, error);
  }
  // parsePatch yields an empty, nameless entry for text that contains no diff at all.
  const meaningful = patches.filter(
    (patch) => patch.hunks.length > 0 || patch.oldFileName !== undefined || patch.newFileName !== undefined,
  );
  if (meaningful.length === 0) throw reject("The patch contains no file changes.");
  return meaningful.map(toFilePatch);
}
