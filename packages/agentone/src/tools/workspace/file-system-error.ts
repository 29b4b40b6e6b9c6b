import { isAgentOneError, ToolError } from "../../core/errors/index.js";

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

/** True when a file-system error means "nothing is there". */
export function isMissingFileError(error: unknown): boolean {
  const code = errorCode(error);
  return code === "ENOENT" || code === "ENOTDIR";
}

/**
 * Turns a Node file-system error into a ToolError the model can act on. ToolErrors pass through, so
 * callers can wrap whole blocks without double-wrapping.
 *
 * @example
 * ```ts
 * try { await readFile(absolute); } catch (error) { throw toFileSystemToolError(error, "src/a.ts"); }
 * ```
 */
export function toFileSystemToolError(error: unknown, relative: string): ToolError {
  if (isAgentOneError(error) && error.code === "TOOL_ERROR") return error as ToolError;
  const shown = JSON.stringify(relative);
  switch (errorCode(error)) {
    case "ENOENT":
      return new ToolError("not_found", `${shown} does not exist in the workspace.`, { cause: error });
    case "ENOTDIR":
    // Only a recursive mkdir raises EEXIST here: a file stands where a parent directory must go.
    case "EEXIST":
      return new ToolError("not_a_directory", `A parent of ${shown} is a file, not a directory.`, {
        cause: error,
      });
    case "EISDIR":
      return new ToolError("not_a_file", `${shown} is a directory, not a file.`, { cause: error });
    case "EACCES":
    case "EPERM":
      return new ToolError("failed", `Permission denied for ${shown}.`, { cause: error });
    default: {
      const detail = error instanceof Error ? error.message : String(error);
      return new ToolError("failed", `File-system operation on ${shown} failed: ${detail}`, { cause: error });
    }
  }
}
