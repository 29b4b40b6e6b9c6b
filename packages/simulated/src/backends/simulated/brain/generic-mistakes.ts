import type { Action, MistakeKind, Move, PlannedCall } from "./action.js";
import { type ConversationView, lastTurnCalls, type PastCall } from "./conversation-view.js";

// Calls that change nothing, so repeating one wastes a step but does no harm.
const readOnlyTools = new Set([
  "list_files",
  "read_file",
  "search",
  "read_document",
  "git_status",
  "git_log",
]);

function isReadOnly(call: PastCall): boolean {
  if (call.name === "http_request") return call.arguments?.method === "GET";
  if (call.name === "run_command") return true;
  return readOnlyTools.has(call.name);
}

/** The first intended call with its JSON cut short, as a model that loses track of its braces writes it. */
function malformed(first: PlannedCall): Action {
  return {
    type: "calls",
    calls: [{ ...first, rawArguments: JSON.stringify(first.arguments).slice(0, -2) }],
    note: `Calling ${first.name}.`,
  };
}

/** A path one directory off: the file a model guesses instead of the one it saw listed. */
export function wrongPath(path: string): string {
  return path.includes("/") ? path.replace(/^[^/]+\//, "lib/") : `src/${path}`;
}

function wrongRead(first: PlannedCall): Action | undefined {
  if (!["read_file", "read_document"].includes(first.name)) return undefined;
  const path = wrongPath(String(first.arguments.path));
  return {
    type: "calls",
    calls: [{ name: first.name, arguments: { ...first.arguments, path } }],
    note: `Reading ${path}.`,
  };
}

/**
 * A loop: after a failed turn, the same call again unchanged (it fails the same way); otherwise the most
 * recent harmless call again (a wasted step).
 */
function repeated(view: ConversationView): Action | undefined {
  const failed = lastTurnCalls(view).find((call) => call.isError);
  const again =
    failed ?? [...view.calls].reverse().find((call) => !call.isError && call.arguments && isReadOnly(call));
  if (!again) return undefined;
  return {
    type: "calls",
    calls: [{ name: again.name, arguments: again.arguments ?? {}, rawArguments: again.rawArguments }],
    note: `Checking ${again.name} again.`,
  };
}

/**
 * The mistakes plausible at a move: the recipe's own, plus the generic ones (a malformed call, a wrong
 * path on a read, a repeated call, and answering early once there is something to answer from).
 */
export function plausibleMistakes(view: ConversationView, move: Move): Partial<Record<MistakeKind, Action>> {
  const mistakes: Partial<Record<MistakeKind, Action>> = {};
  const intended = move.intended;
  if (intended.type === "calls" && intended.calls[0]) {
    const first = intended.calls[0];
    mistakes.malformed_call = malformed(first);
    const wrong = wrongRead(first);
    if (wrong) mistakes.wrong_file = wrong;
    const loop = repeated(view);
    if (loop) mistakes.loop = loop;
    if (view.calls.some((call) => !call.isError))
      mistakes.premature_answer = { type: "answer", premature: true };
  }
  return { ...mistakes, ...move.mistakes };
}
