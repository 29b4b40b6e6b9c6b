import type { TierBehaviour } from "../../tier-behaviour.js";
import { answerMove, callAction, type Move, type PlannedCall, plainMove, type Recipe } from "../action.js";
import { type ConversationView, hasTool } from "../conversation-view.js";
import { bestLines, isTriageGoal, keywords, scoreFile } from "../evidence.js";
import { explored } from "../explored.js";

function unreadCandidates(view: ConversationView): string[] {
  const tried = new Set(
    view.calls.filter((call) => call.name === "read_file").map((call) => String(call.arguments?.path ?? "")),
  );
  return view.listedFiles
    .filter((path) => !tried.has(path))
    .map((path) => ({ path, score: scoreFile(path, view) }))
    .filter((entry) => entry.score > 0)
    .sort((left, right) => right.score - left.score || left.path.localeCompare(right.path))
    .map((entry) => entry.path);
}

/** Lists the workspace unless it has been listed already. */
export function listMove(view: ConversationView): Move | null {
  if (view.listedFiles.length > 0 || !hasTool(view, "list_files")) return null;
  if (view.calls.some((call) => call.name === "list_files" && !call.isError)) return null;
  return plainMove(
    callAction(
      [{ name: "list_files", arguments: { path: ".", recursive: true } }],
      "Listing the workspace first.",
    ),
  );
}

/**
 * The exploring move: list the workspace, read the most relevant files (scored by the goal's words and
 * by references in what was already read), then search for the goal's key terms; null when done.
 */
export function exploreMove(view: ConversationView, behaviour: TierBehaviour): Move | null {
  const listing = listMove(view);
  if (listing) return listing;
  const reads = view.calls.filter((call) => call.name === "read_file" && !call.isError).length;
  const candidates = unreadCandidates(view);
  if (reads < behaviour.readBudget && candidates.length > 0 && hasTool(view, "read_file")) {
    const count = Math.min(behaviour.parallelCalls, behaviour.readBudget - reads, candidates.length);
    const calls: PlannedCall[] = candidates
      .slice(0, count)
      .map((path) => ({ name: "read_file", arguments: { path } }));
    return plainMove(callAction(calls, `Reading ${candidates.slice(0, count).join(" and ")}.`));
  }
  // A triage with its log read has its evidence; searching the goal's own words would waste steps.
  const logRead = [...view.readFiles.keys()].some((path) => /\.(log|txt)$/.test(path));
  const term = keywords(view.goal).find((word) => word.length >= 5 && !view.searchedPatterns.includes(word));
  const searchHelps = !(isTriageGoal(view.goal) && logRead);
  if (term && searchHelps && view.searchedPatterns.length < 2 && hasTool(view, "search"))
    return plainMove(
      callAction([{ name: "search", arguments: { pattern: term } }], `Searching for "${term}".`),
    );
  return null;
}

/**
 * The fallback skill when no recipe fits: explore the workspace and answer with the best-matching lines,
 * cited as `file:line`.
 */
export const exploreRecipe: Recipe = {
  name: "explore",
  plan: (view) => [
    "List the workspace to see what is there.",
    `Read the files most relevant to: ${keywords(view.goal).slice(0, 3).join(", ") || "the goal"}.`,
    "Search the files for the key terms.",
    "Answer with the evidence, citing file and line.",
  ],
  next: (view, behaviour) => exploreMove(view, behaviour) ?? answerMove,
  answer(view, options) {
    const lines: string[] = [];
    const evidence = bestLines(view, { query: [view.goal, ...view.instructions].join(" "), limit: 5 });
    if (evidence.length === 0) lines.push("I found nothing in the files I read that answers the question.");
    for (const entry of evidence) lines.push(`- ${entry.text} (${entry.path}:${entry.line})`);
    lines.push(`Evidence gathered: ${explored(view)}.`);
    if (options.premature) lines.push("(I answered before reading everything that looked relevant.)");
    return lines.join("\n");
  },
};
