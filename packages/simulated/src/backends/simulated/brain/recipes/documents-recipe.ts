import { answerMove, callAction, type Move, type PlannedCall, type Recipe } from "../action.js";
import { type ConversationView, hasTool, successfulCalls } from "../conversation-view.js";
import { type Question, questionsOf, rankPassages, valueIn } from "./document-facts.js";
import { documentPassages, type Passage, staleDocuments } from "./document-passages.js";
import { listMove } from "./explore-recipe.js";
import { filesUnder, goalDirectories } from "./goal-paths.js";

const documentExtension = /\.(md|markdown|txt|rst|html?|pdf|csv)$/i;

/** Whether the goal asks for `file:line` citations (else the bracket style its example shows). */
function wantsLines(goal: string): boolean {
  return /file and line|file:line|line numbers?/i.test(goal);
}

function documents(view: ConversationView): string[] {
  const folders = goalDirectories(view);
  const pool = folders.length > 0 ? folders.flatMap((folder) => filesUnder(view, folder)) : view.listedFiles;
  return pool.filter((path) => documentExtension.test(path) && !/^(task|readme)\.md$/i.test(path)).sort();
}

function readCall(view: ConversationView, path: string): PlannedCall | null {
  const document = hasTool(view, "read_document");
  if (/\.pdf$/i.test(path)) return document ? { name: "read_document", arguments: { path } } : null;
  if (/\.html?$/i.test(path) && document && !wantsLines(view.goal))
    return { name: "read_document", arguments: { path } };
  return hasTool(view, "read_file") ? { name: "read_file", arguments: { path } } : null;
}

/** A document read in windows whose next window is still unread. */
function nextWindow(view: ConversationView): PlannedCall | null {
  for (const call of successfulCalls(view, "read_document")) {
    const next = /window=(\d+)/.exec(/\[\d+ more window[^\]]*\]/.exec(call.result)?.[0] ?? "")?.[1];
    const path = String(call.arguments?.path);
    const read = successfulCalls(view, "read_document").some(
      (other) => other.arguments?.path === path && other.arguments?.window === Number(next),
    );
    if (next !== undefined && !read)
      return { name: "read_document", arguments: { path, window: Number(next) } };
  }
  return null;
}

function unreadDocuments(view: ConversationView): PlannedCall[] {
  const read = new Set(
    view.calls
      .filter((call) => !call.isError && (call.name === "read_file" || call.name === "read_document"))
      .map((call) => String(call.arguments?.path)),
  );
  return documents(view)
    .filter((path) => !read.has(path))
    .map((path) => readCall(view, path))
    .filter((call): call is PlannedCall => call !== null);
}

function citation(passage: Passage, lines: boolean): string {
  const name = lines ? passage.path : (passage.path.split("/").pop() ?? passage.path);
  if (passage.page !== null) return `(${name} p.${passage.page})`;
  if (lines && passage.line !== null) return `(${name}:${passage.line})`;
  return lines ? `(${name})` : `[${name}]`;
}

/** The answer line for one question: the best passage's value, or the runner-up's for a flawed answer. */
function answerLine(options: {
  question: Question;
  passages: readonly Passage[];
  stale: Set<string>;
  lines: boolean;
  flawed: boolean;
  used: Set<Passage>;
}): string {
  const { question } = options;
  let ranked = rankPassages(options.passages, question, options.stale);
  if (ranked.length === 0 && question.kind !== "text")
    ranked = rankPassages(options.passages, { ...question, kind: "text" }, options.stale);
  // One sentence rarely answers two questions: a passage already used goes to the back.
  ranked = [
    ...ranked.filter((entry) => !options.used.has(entry.passage)),
    ...ranked.filter((entry) => options.used.has(entry.passage)),
  ];
  const pick = ranked[options.flawed && ranked.length > 1 ? 1 : 0]?.passage;
  if (pick) options.used.add(pick);
  const asked = question.text.charAt(0).toUpperCase() + question.text.slice(1);
  if (!pick) return `- ${asked}? I did not find this in the documents I read.`;
  const value = valueIn(pick, question.kind, question.unit) ?? pick.text;
  const quote = value === pick.text ? "" : ` Source: "${pick.text}"`;
  return `- ${asked}? ${value} ${citation(pick, options.lines)}.${quote}`;
}

/**
 * Answering from a folder of documents with citations: read every document (PDFs and, unless line
 * citations are asked for, HTML with read_document), then answer each question of the goal from the
 * passage that fits it best (the asker's context, dates where a date is asked, a penalty for documents
 * that say they are out of date), citing file and line, or file and page.
 */
export const documentsRecipe: Recipe = {
  name: "documents",
  plan: () => [
    "List the documents.",
    "Read each of them (PDF and HTML as text).",
    "Find the passage that answers each question; prefer current sources over outdated ones.",
    "Answer each question with its value and a citation.",
  ],
  next(view, behaviour) {
    const listing = listMove(view);
    if (listing) return listing;
    const window = nextWindow(view);
    const unread = unreadDocuments(view);
    const batch = [...(window ? [window] : []), ...unread].slice(0, behaviour.parallelCalls);
    if (batch.length > 0)
      return {
        intended: callAction(batch, `Reading ${batch.map((call) => call.arguments.path).join(" and ")}.`),
        mistakes: {},
      } satisfies Move;
    if (documentPassages(view).length === 0) return answerMove;
    return {
      intended: answerMove.intended,
      mistakes: { wrong_edit: { type: "answer", premature: false, flaw: "wrong_edit" } },
    };
  },
  answer(view, options) {
    const passages = documentPassages(view);
    const stale = staleDocuments(passages, view.goal);
    const questions = questionsOf(view.goal);
    const lines = wantsLines(view.goal);
    // A flawed answer takes the runner-up passage for one question (picked by the answer's own length, so
    // the choice is fixed for a given conversation).
    const flawedIndex = options.flaw === "wrong_edit" ? passages.length % Math.max(1, questions.length) : -1;
    const used = new Set<Passage>();
    const answer = questions.map((question, index) =>
      answerLine({ question, passages, stale, lines, flawed: index === flawedIndex, used }),
    );
    if (questions.length === 0) answer.push("I could not tell what the question is.");
    // Counted, not named: naming a document would cite it.
    const read = new Set(
      view.calls
        .filter((call) => !call.isError && /^read_/.test(call.name))
        .map((call) => String(call.arguments?.path)),
    );
    answer.push(`(Answered from ${read.size} document(s).)`);
    if (options.premature) answer.push("(I answered before reading every document.)");
    return answer.join("\n");
  },
};
