import { callAction, type Move, plainMove } from "../action.js";
import { type ConversationView, hasTool } from "../conversation-view.js";

/** Reads the given files, up to `parallel` of them in one turn; null when there is nothing to read. */
export function readMove(view: ConversationView, paths: readonly string[], parallel: number): Move | null {
  if (paths.length === 0 || !hasTool(view, "read_file")) return null;
  const batch = paths.slice(0, Math.max(1, parallel));
  return plainMove(
    callAction(
      batch.map((path) => ({ name: "read_file", arguments: { path } })),
      `Reading ${batch.join(" and ")}.`,
    ),
  );
}
