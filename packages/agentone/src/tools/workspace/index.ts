import type { AnyTool } from "../tool.js";
import { applyPatchTool } from "./apply-patch.js";
import { listFilesTool } from "./list-files.js";
import { readFileTool } from "./read-file.js";
import { searchTool } from "./search.js";
import { writeFileTool } from "./write-file.js";

export { type ApplyPatchInput, applyPatchTool } from "./apply-patch.js";
export { type ListFilesInput, listFilesTool } from "./list-files.js";
export { type ReadFileInput, readFileTool } from "./read-file.js";
export { type SearchInput, searchTool } from "./search.js";
export {
  type PathPurpose,
  type ResolveWorkspacePathOptions,
  resolveWorkspacePath,
  type WorkspacePath,
} from "./workspace-path.js";
export { type WriteFileInput, writeFileTool } from "./write-file.js";

/**
 * The workspace tools, in the order the model sees them: list_files, read_file, search, write_file,
 * apply_patch. Each call is confined to its context's workspace root.
 *
 * @example
 * ```ts
 * const tools = createWorkspaceTools();
 * tools.map((tool) => tool.name); // ["list_files", "read_file", "search", "write_file", "apply_patch"]
 * ```
 */
export function createWorkspaceTools(): AnyTool[] {
  return [listFilesTool, readFileTool, searchTool, writeFileTool, applyPatchTool];
}
