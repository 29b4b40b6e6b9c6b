/**
 * Largest tool-call arguments the engine reads, in characters: room for `write_file`'s 1 MiB of content
 * with its JSON escaping, while a model cannot fill the conversation (and so end the run with
 * `context_too_large`) through one call.
 */
export const maxToolArgumentCharacters = 2 * 1024 * 1024;

/** Deepest nesting of arrays and objects in tool-call arguments; no tool's schema comes near it. */
export const maxToolArgumentDepth = 64;

/** What the conversation keeps of arguments the engine refused to read. */
export const refusedArgumentsPlaceholder = "{}";

/** Nesting depth of JSON text, counted without parsing it; stops counting once past `limit`. */
function nestingDepthOver(raw: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < raw.length; index++) {
    const character = raw[index];
    if (inString) {
      if (character === "\\") index++;
      else if (character === '"') inString = false;
    } else if (character === '"') inString = true;
    else if (character === "[" || character === "{") {
      depth++;
      if (depth > limit) return true;
    } else if (character === "]" || character === "}") depth--;
  }
  return false;
}

/**
 * Why raw tool-call arguments are refused before any parsing (too long, or nested too deep), or
 * undefined when they may be parsed. Linear in the text and without recursion, so hostile arguments
 * cannot exhaust the stack or the time of the check itself.
 *
 * @example
 * ```ts
 * toolArgumentsProblem('{"path": "a.txt"}'); // undefined
 * toolArgumentsProblem("[".repeat(200_000)); // { reason: "invalid_arguments", message: "... nest deeper than 64 levels ..." }
 * ```
 */
export function toolArgumentsProblem(
  raw: string,
): { reason: "too_large" | "invalid_arguments"; message: string } | undefined {
  if (raw.length > maxToolArgumentCharacters) {
    return {
      reason: "too_large",
      message:
        `are ${raw.length} characters, over the ${maxToolArgumentCharacters}-character limit; they were not ` +
        "read and are left out of the conversation. Send smaller arguments (split a large file into parts)",
    };
  }
  if (nestingDepthOver(raw, maxToolArgumentDepth)) {
    return {
      reason: "invalid_arguments",
      message:
        `nest arrays or objects deeper than ${maxToolArgumentDepth} levels; they were not read and are ` +
        "left out of the conversation",
    };
  }
  return undefined;
}
