import { ToolError } from "../../core/errors/index.js";

/**
 * Only this much of each line is examined: it bounds the work a badly backtracking regex can do on one
 * line (minified files can have megabyte-long lines).
 */
export const maxExaminedLineLength = 10_000;

export interface LineMatcherOptions {
  pattern: string;
  /** Treat `pattern` as a JavaScript regular expression instead of a literal substring. */
  regex: boolean;
  caseSensitive: boolean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Builds a predicate that tells whether a line matches a literal or regex search pattern. An invalid
 * regex is refused with a ToolError the model can fix.
 *
 * @example
 * ```ts
 * const matches = createLineMatcher({ pattern: "todo", regex: false, caseSensitive: false });
 * matches("// TODO: later"); // true
 * ```
 */
export function createLineMatcher(options: LineMatcherOptions): (line: string) => boolean {
  const source = options.regex ? options.pattern : escapeRegExp(options.pattern);
  let expression: RegExp;
  try {
    // No "g" flag: a global regex keeps lastIndex between test() calls and would skip matches.
    expression = new RegExp(source, options.caseSensitive ? "" : "i");
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ToolError(
      "invalid_arguments",
      `Invalid regular expression "${options.pattern}": ${detail}. Fix the pattern, or call search ` +
        `with regex=false to search for the text literally.`,
      { cause: error },
    );
  }
  return (line) => expression.test(line.slice(0, maxExaminedLineLength));
}
