import { readFile, stat } from "node:fs/promises";
import { z } from "zod";
import type { Tool } from "../tool.js";
import { toFileSystemToolError } from "./file-system-error.js";
import { createLineMatcher } from "./line-matcher.js";
import { looksBinary, maxTextFileBytes, readTextFile, splitLines } from "./text-file.js";
import { byCodeUnits, walkDirectory } from "./walk-directory.js";
import { resolveWorkspacePath, type WorkspacePath } from "./workspace-path.js";

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

/** Text of a file found during the walk, or undefined for files a recursive search skips. */
async function readSearchableFile(file: WorkspacePath): Promise<string | undefined> {
  try {
    const info = await stat(file.absolute);
    if (!info.isFile() || info.size > maxTextFileBytes) return undefined;
    const bytes = await readFile(file.absolute);
    return looksBinary(bytes) ? undefined : bytes.toString("utf8");
  } catch {
    // A file deleted or made unreadable mid-walk is simply not searched.
    return undefined;
  }
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
    'line as "path:lineNumber: line text". Skips binary files, files over 1 MiB, .git, node_modules ' +
    "and .agentone.",
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
    let total = 0;
    for (const file of files) {
      context.signal.throwIfAborted();
      // A file named explicitly gets a clear refusal; files met while walking are skipped quietly.
      const text = isDirectory ? await readSearchableFile(file) : await readTextFile(file);
      if (text === undefined) continue;
      splitLines(text).forEach((line, index) => {
        if (!matches(line)) return;
        total += 1;
        if (shown.length < input.maxResults) {
          shown.push(`${file.relative}:${index + 1}: ${line.slice(0, maxShownLineLength)}`);
        }
      });
    }
    const metadata = { path: target.relative, totalMatches: total, filesSearched: files.length };
    if (total === 0) return { content: `No matches for "${input.pattern}".`, metadata };
    if (total > shown.length) shown.push(`[... ${total - shown.length} more matches not shown]`);
    return { content: shown.join("\n"), metadata };
  },
};
