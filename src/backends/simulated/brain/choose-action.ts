import type { Random } from "../../../core/random.js";
import type { TierBehaviour } from "../tier-behaviour.js";
import type { ConversationView } from "./conversation-view.js";
import { isTriageGoal, keywords, scoreFile } from "./evidence.js";

/** One tool call the simulated model decides to make. `rawArguments` overrides the JSON (malformed calls). */
export interface PlannedCall {
  name: string;
  arguments: Record<string, unknown>;
  rawArguments?: string;
}

export type Action =
  | { type: "calls"; calls: PlannedCall[]; note: string }
  | { type: "answer"; premature: boolean };

const has = (view: ConversationView, name: string) => view.toolNames.includes(name);

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

/** A mistake of the kind weaker models make; each has a real consequence the run pays for. */
function mistake(view: ConversationView, random: Random, intended: PlannedCall[]): Action {
  const kind = random.pick(["wrong_path", "malformed_call", "repeat_call", "premature_answer"] as const);
  const first = intended[0];
  if (kind === "wrong_path" && first?.name === "read_file") {
    const path = String(first.arguments.path);
    const wrong = path.includes("/") ? path.replace(/^[^/]+\//, "lib/") : `src/${path}`;
    return {
      type: "calls",
      calls: [{ name: "read_file", arguments: { path: wrong } }],
      note: `Reading ${wrong}.`,
    };
  }
  if (kind === "malformed_call" && first) {
    return {
      type: "calls",
      calls: [{ ...first, rawArguments: JSON.stringify(first.arguments).slice(0, -2) }],
      note: `Calling ${first.name}.`,
    };
  }
  const previous = view.calls.filter((call) => !call.isError && call.arguments);
  if (kind === "repeat_call" && previous.length > 0) {
    const again = random.pick(previous);
    return {
      type: "calls",
      calls: [{ name: again.name, arguments: again.arguments ?? {} }],
      note: `Checking ${again.name} again.`,
    };
  }
  return view.readFiles.size > 0
    ? { type: "answer", premature: true }
    : { type: "calls", calls: intended, note: "Continuing." };
}

/**
 * The simulated model's next move in an acting step: list the workspace, read the most relevant files,
 * search for the goal's key terms, then answer. A low remaining budget makes it wrap up sooner.
 */
export function chooseAction(
  view: ConversationView,
  options: { behaviour: TierBehaviour; random: Random },
): Action {
  const { behaviour, random } = options;
  const wrapUp =
    (view.budgetFraction !== null && view.budgetFraction < 0.25) ||
    (view.stepsLeft !== null && view.stepsLeft <= 2);
  if (wrapUp && view.readFiles.size > 0) return { type: "answer", premature: false };
  let intended: PlannedCall[] = [];
  let note = "";
  if (
    view.listedFiles.length === 0 &&
    has(view, "list_files") &&
    !view.calls.some((call) => call.name === "list_files" && !call.isError)
  ) {
    intended = [{ name: "list_files", arguments: { path: ".", recursive: true } }];
    note = "Listing the workspace first.";
  } else {
    const reads = view.calls.filter((call) => call.name === "read_file" && !call.isError).length;
    const candidates = unreadCandidates(view);
    if (reads < behaviour.readBudget && candidates.length > 0 && has(view, "read_file")) {
      const count = Math.min(behaviour.parallelCalls, behaviour.readBudget - reads, candidates.length);
      intended = candidates.slice(0, count).map((path) => ({ name: "read_file", arguments: { path } }));
      note = `Reading ${candidates.slice(0, count).join(" and ")}.`;
    } else {
      // A triage with its log read has its evidence; searching the goal's own words would waste steps.
      const logRead = [...view.readFiles.keys()].some((path) => /\.(log|txt)$/.test(path));
      const term = keywords(view.goal).find(
        (word) => word.length >= 5 && !view.searchedPatterns.includes(word),
      );
      const searchHelps = !(isTriageGoal(view.goal) && logRead);
      if (term && searchHelps && view.searchedPatterns.length < 2 && has(view, "search")) {
        intended = [{ name: "search", arguments: { pattern: term } }];
        note = `Searching for "${term}".`;
      }
    }
  }
  if (intended.length === 0) return { type: "answer", premature: false };
  if (random.chance(behaviour.mistakeRate)) return mistake(view, random, intended);
  return { type: "calls", calls: intended, note };
}
