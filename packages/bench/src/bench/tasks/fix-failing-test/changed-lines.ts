import { diffLines } from "diff";
import type { FixtureFiles } from "../fixture-tree.js";

function lineCount(text: string): number {
  if (text === "") return 0;
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

/**
 * How many lines were added or removed between the generated fixture and the workspace tree, over all
 * files (created and deleted files count all their lines), and which files changed.
 */
export function changedLines(
  original: FixtureFiles,
  current: ReadonlyMap<string, Buffer>,
): { lines: number; files: string[] } {
  let lines = 0;
  const files: string[] = [];
  const paths = new Set([...original.keys(), ...current.keys()]);
  for (const relative of [...paths].sort()) {
    const before = original.get(relative);
    const beforeText = before === undefined ? "" : Buffer.from(before).toString("utf8");
    const afterText = current.get(relative)?.toString("utf8") ?? "";
    if (before !== undefined && current.has(relative) && beforeText === afterText) continue;
    files.push(relative);
    for (const part of diffLines(beforeText, afterText)) {
      if (part.added || part.removed) lines += part.count ?? lineCount(part.value);
    }
  }
  return { lines, files };
}
