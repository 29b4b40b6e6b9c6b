import type { RunEvent } from "../events/run-event.js";

export interface FileChange {
  path: string;
  previousContent: string | null;
}

/** The files a tool result says it changed (from `{ path, previousContent }` metadata). */
export function fileChangesOf(event: RunEvent): FileChange[] {
  if (event.type !== "tool-result" || event.isError || !event.metadata) return [];
  const metadata = event.metadata;
  // A tool that changes a file reports `{ path, previousContent }` (null for a new or unreadable file);
  // tools that only read report no `previousContent`, so they are not changes.
  const single = (value: unknown): FileChange[] => {
    const record = value as { path?: unknown; previousContent?: unknown };
    if (typeof record?.path !== "string" || !("previousContent" in record)) return [];
    return [
      {
        path: record.path,
        previousContent: typeof record.previousContent === "string" ? record.previousContent : null,
      },
    ];
  };
  if (Array.isArray(metadata.files)) return metadata.files.flatMap(single);
  return single(metadata);
}
