import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createTwoFilesPatch } from "diff";
import type { RunEvent } from "../../core/events/run-event.js";
import { fileChangesOf as changesOf } from "../../core/run-state/file-changes.js";

async function currentContent(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return "";
  }
}

/**
 * What the run changed in its workspace: the files its tools wrote, and a unified diff from each file's
 * content before the run first touched it to its content now. Needs no git.
 */
export async function collectArtifacts(
  events: readonly RunEvent[],
  workspace: string,
): Promise<{ changedFiles: string[]; diff: string }> {
  const before = new Map<string, string | null>();
  for (const event of events) {
    for (const change of changesOf(event))
      if (!before.has(change.path)) before.set(change.path, change.previousContent);
  }
  const changedFiles = [...before.keys()].sort();
  const patches: string[] = [];
  for (const path of changedFiles) {
    const previous = before.get(path) ?? "";
    const now = await currentContent(join(workspace, path));
    if (previous === now) continue;
    patches.push(createTwoFilesPatch(`a/${path}`, `b/${path}`, previous, now, "", "", { context: 3 }));
  }
  return { changedFiles, diff: patches.join("") };
}
