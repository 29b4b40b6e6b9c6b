import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Rewrites one workspace file with exact replacements, for reference solutions and grader tests. A
 * replacement that finds nothing throws, so a fixture change cannot silently void a solution.
 *
 * @example
 * ```ts
 * await replaceInFile({ workspace, relative: "src/a.js", replacements: [["a < b", "a <= b"]] });
 * ```
 */
export async function replaceInFile(options: {
  workspace: string;
  relative: string;
  replacements: readonly (readonly [string, string])[];
}): Promise<void> {
  const file = path.join(options.workspace, options.relative);
  let text = await readFile(file, "utf8");
  for (const [search, replacement] of options.replacements) {
    if (!text.includes(search)) throw new Error(`${options.relative} does not contain ${search}`);
    text = text.split(search).join(replacement);
  }
  await writeFile(file, text);
}
