import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Tool } from "../tool.js";
import { toFileSystemToolError } from "./file-system-error.js";
import { parseFilePatches } from "./parse-file-patches.js";
import { type PlannedChange, planPatch } from "./plan-patch.js";
import { previousContentOf } from "./previous-content.js";

const applyPatchInputSchema = z.object({
  patch: z
    .string()
    .min(1)
    .describe(
      'A unified diff (as from "git diff" or "diff -u"), possibly for several files. Paths are relative ' +
        'to the workspace root, with or without a/ and b/ prefixes. Use "--- /dev/null" to create a file ' +
        'and "+++ /dev/null" to delete one.',
    ),
});

export type ApplyPatchInput = z.output<typeof applyPatchInputSchema>;

async function writeChange(change: PlannedChange): Promise<void> {
  if (change.next === null) {
    await rm(change.absolute);
    return;
  }
  await mkdir(path.dirname(change.absolute), { recursive: true });
  await writeFile(change.absolute, change.next, "utf8");
}

/** Best effort: puts back what the already-written files held, so a failed write leaves no half-patch. */
async function restore(written: readonly PlannedChange[]): Promise<void> {
  for (const change of [...written].reverse()) {
    try {
      if (change.original === null) await rm(change.absolute, { force: true });
      else await writeFile(change.absolute, change.original, "utf8");
    } catch {
      // Keep restoring the others; the original write error is what gets reported.
    }
  }
}

async function commit(changes: readonly PlannedChange[]): Promise<void> {
  const written: PlannedChange[] = [];
  for (const change of changes) {
    try {
      await writeChange(change);
    } catch (error) {
      await restore(written);
      throw toFileSystemToolError(error, change.relative);
    }
    written.push(change);
  }
}

function actionOf(change: PlannedChange): "created" | "modified" | "deleted" {
  if (change.original === null) return "created";
  return change.next === null ? "deleted" : "modified";
}

/**
 * Applies a unified diff to workspace files, all or nothing: every path and hunk is checked in memory
 * before the first write.
 *
 * @example
 * ```ts
 * const patch = "--- a/x.txt\n+++ b/x.txt\n@@ -1 +1 @@\n-old\n+new\n";
 * const output = await applyPatchTool.execute(applyPatchTool.inputSchema.parse({ patch }), context);
 * // output.content: "Patched 1 file(s): x.txt"
 * ```
 */
export const applyPatchTool: Tool<ApplyPatchInput> = {
  name: "apply_patch",
  description:
    "Apply a unified diff to files in the workspace. It can modify, create and delete several files at " +
    "once. All or nothing: if any hunk does not match, no file is changed.",
  inputSchema: applyPatchInputSchema,
  idempotent: false,
  sideEffect: "workspace",
  requiresApproval: false,
  async execute(input, context) {
    context.signal.throwIfAborted();
    const filePatches = parseFilePatches(input.patch);
    const changes = await planPatch({ root: context.workspaceRoot, filePatches, signal: context.signal });
    // Last chance to stop: once writing starts, it runs to the end so no half-applied patch is left.
    context.signal.throwIfAborted();
    await commit(changes);
    const files = changes.map((change) => ({
      path: change.relative,
      action: actionOf(change),
      ...(change.original === null ? { previousContent: null } : previousContentOf(change.original)),
    }));
    return {
      content: `Patched ${files.length} file(s): ${files.map((file) => file.path).join(", ")}`,
      metadata: { files },
    };
  },
};
