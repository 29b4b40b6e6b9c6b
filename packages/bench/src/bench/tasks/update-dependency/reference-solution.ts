import { cp, rm } from "node:fs/promises";
import path from "node:path";
import { replaceInFile } from "../reference-edits.js";

/** Installs textkit 2.0.0 as vendor/textkit (a copy of vendor/textkit-2.0.0). */
export async function installTextkit2(workspace: string): Promise<void> {
  const installed = path.join(workspace, "vendor", "textkit");
  await rm(installed, { recursive: true, force: true });
  await cp(path.join(workspace, "vendor", "textkit-2.0.0"), installed, { recursive: true });
}

/** The correct upgrade: install 2.0.0 and adapt all four call sites. */
export async function solveUpdateDependency(workspace: string): Promise<{ answer: string }> {
  await installTextkit2(workspace);
  await replaceInFile({
    workspace,
    relative: "src/slugs.js",
    replacements: [
      ['slugify(title, "-")', 'slugify(title, { separator: "-" })'],
      ['slugify(tag, "_")', 'slugify(tag, { separator: "_" })'],
    ],
  });
  await replaceInFile({ workspace, relative: "src/stats.js", replacements: [["wordCount", "countWords"]] });
  await replaceInFile({ workspace, relative: "src/summary.js", replacements: [["wordCount", "countWords"]] });
  return { answer: "Upgraded textkit to 2.0.0 and adapted slugify and countWords call sites." };
}
