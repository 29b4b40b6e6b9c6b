import { readFile, stat } from "node:fs/promises";
import { z } from "zod";
import type { Tool } from "../tool.js";
import { toFileSystemToolError } from "./file-system-error.js";
import { createLineMatcher } from "./line-matcher.js";
import { looksBinary, maxTextFileBytes, readTextFile, splitLines } from "./text-file.js";
import { byCodeUnits, walkDirectory } from "./walk-directory.js";
import { isHardLinked, resolveWorkspacePath, type WorkspacePath } from "./workspace-path.js";

const searchInputSchema = z.object({
  pattern: z
    .string()
    .min(1)
    .describe("Text to look for (or a JavaScript regular expression if regex is true)."),
  path: z
    .string()
    .default(".")
    .describe("Directory (searched recursively) or file to search, relative to the workspace root."),
  regex: z
    .boolean()
    .default(false)
    .describe("Treat pattern as a regular expression instead of literal text."),
  caseSensitive: z.boolean().default(false).describe("Match letter case exactly."),
  maxResults: z.number().int().min(1).max(500).default(50).describe("Most matching lines to show."),
});

export type SearchInput = z.output<typeof searchInputSchema>;

const maxShownLineLength = 200;

/** Why a recursive search passed over a file it met. */
type SkipReason = "over 1 MiB" | "binary" | "hard-linked" | "unreadable";

/** Text of a file found during the walk, or why a recursive search skips it. */
async function readSearchableFile(file: WorkspacePath): Promise<{ text: string } | { skipped: SkipReason }> {
  try {
    const info = await stat(file.absolute);
    if (!info.isFile()) return { skipped: "unreadable" };
    if (isHardLinked(info)) return { skipped: "hard-linked" };
    if (info.size > maxTextFileBytes) return { skipped: "over 1 MiB" };
    const bytes = await readFile(file.absolute);
    return looksBinary(bytes) ? { skipped: "binary" } : { text: bytes.toString("utf8") };
  } catch {
    // A file deleted or made unreadable mid-walk is simply not searched.
    return { skipped: "unreadable" };
  }
}

const maxNamedSkips = 5;

/**
 * What was not searched, so "no matches" is not read as "not there": e.g. `Not searched: 1 file over
 * 1 MiB (big.log).` Binary files are counted but not named; nobody expects text matches in them.
 */
function describeSkipped(skipped: ReadonlyMap<SkipReason, string[]>): string | undefined {
  const parts = [...skipped].map(([reason, files]) => {
    const noun = files.length === 1 ? "file" : "files";
    const count =
      reason === "over 1 MiB" ? `${files.length} ${noun} ${reason}` : `${files.length} ${reason} ${noun}`;
    if (reason === "binary") return count;
    const named = files.slice(0, maxNamedSkips).join(", ");
    const more = files.length > maxNamedSkips ? `, ... ${files.length - maxNamedSkips} more` : "";
    return `${count} (${named}${more})`;
  });
  return parts.length === 0 ? undefined : `Not searched: ${parts.join("; ")}.`;
}

/**
 * Searches text files in the workspace for a literal string or a regex, reporting `path:line: text`.
 *
 * @example
 * ```ts
 * const output = await searchTool.execute(searchTool.inputSchema.parse({ pattern: "TODO" }), context);
 * // output.content: "src/a.ts:3: // TODO: handle errors"
 * ```
 */
export const searchTool: Tool<SearchInput> = {
  name: "search",
  description:
    "Search text files in the workspace for a string (or a regular expression). Prints one match per " +
    'line as "path:lineNumber: line text". Skips binary files, files over 1 MiB, hard-linked files, .git, ' +
    "node_modules and .agentone, and says which files it skipped.",
  inputSchema: searchInputSchema,
  idempotent: true,
  sideEffect: "none",
  requiresApproval: false,
  async execute(input, context) {
    context.signal.throwIfAborted();
    const matches = createLineMatcher(input);
    const target = await resolveWorkspacePath({
      root: context.workspaceRoot,
      path: input.path,
      purpose: "read",
    });
    const info = await stat(target.absolute).catch((error: unknown) => {
      throw toFileSystemToolError(error, target.relative);
    });
    const isDirectory = info.isDirectory();
    const files = isDirectory
      ? (await walkDirectory({ ...target, recursive: true, signal: context.signal }))
          .filter((entry) => entry.kind === "file")
          .sort((left, right) => byCodeUnits(left.relative, right.relative))
      : [target];
    const shown: string[] = [];
    const skipped = new Map<SkipReason, string[]>();
    let total = 0;
    for (const file of files) {
      context.signal.throwIfAborted();
      // A file named explicitly gets a clear refusal; files met while walking are skipped and listed.
      const read = isDirectory ? await readSearchableFile(file) : { text: await readTextFile(file) };
      if ("skipped" in read) {
        skipped.set(read.skipped, [...(skipped.get(read.skipped) ?? []), file.relative]);
        continue;
      }
      splitLines(read.text).forEach((line, index) => {
        if (!matches(line)) return;
        total += 1;
        if (shown.length < input.maxResults) {
          shown.push(`${file.relative}:${index + 1}: ${line.slice(0, maxShownLineLength)}`);
        }
      });
    }
    const skippedCount = [...skipped.values()].reduce((sum, names) => sum + names.length, 0);
    const metadata = {
      path: target.relative,
      totalMatches: total,
      filesSearched: files.length - skippedCount,
      filesSkipped: skippedCount,
    };
    const notSearched = describeSkipped(skipped);
    if (total === 0) {
      const none = `No matches for "${input.pattern}".`;
      return { content: notSearched ? `${none} ${notSearched}` : none, metadata };
    }
    if (total > shown.length) shown.push(`[... ${total - shown.length} more matches not shown]`);
    if (notSearched) shown.push(notSearched);
    return { content: shown.join("\n"), metadata };
  },
};
