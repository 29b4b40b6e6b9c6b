import { keywords } from "../evidence.js";
import type { Passage } from "./document-passages.js";

export type AnswerKind = "date" | "number" | "text";

/** One question of the goal, with the words that should appear near its answer. */
export interface Question {
  text: string;
  kind: AnswerKind;
  /** The unit a "how many X" question asks for, e.g. "day". */
  unit: string | null;
  /** It asks when something happens or takes effect. */
  asksWhen: boolean;
  /** It asks what to do or change (an instruction, a setting). */
  asksWhatToDo: boolean;
  /** Content word → weight (proper nouns count double; words carried over from context count half). */
  words: Map<string, number>;
}

const questionWords = /^(what|which|when|how|from which|where|who|whose|does|do|is|are)\b/i;
const fillers = new Set([
  "date",
  "now",
  "current",
  "exactly",
  "does",
  "apply",
  "keep",
  "customers",
  "customer",
  "change",
  "should",
]);

// Words a reader takes as meaning the same here: the question says "change", the docs say "override".
const synonyms: Record<string, string[]> = {
  change: ["override", "set"],
  keep: ["retention", "retain"],
  keeps: ["retention", "retain"],
  limit: ["quota"],
};

function weigh(text: string, weight: number, into: Map<string, number>): void {
  const proper = new Set((text.match(/\b[A-Z][a-z]+\b/g) ?? []).map((word) => word.toLowerCase()));
  for (const word of keywords(text)) {
    if (["what", "which", "when", "how", "from", "asks", "plan's"].includes(word)) continue;
    const value = weight * (proper.has(word) ? 2 : 1) * (fillers.has(word) ? 0.5 : 1);
    into.set(word, Math.max(into.get(word) ?? 0, value));
    for (const synonym of synonyms[word] ?? [])
      into.set(synonym, Math.max(into.get(synonym) ?? 0, weight / 2));
  }
}

/**
 * The goal's questions: the clauses that start with a question word (split at "?", ", and what", ...).
 * "my"/"our" brings in who asks ("a customer on the Enterprise plan asks:"); later questions inherit the
 * first one's topic at half weight ("the limit" after "my Export API rate limit").
 */
export function questionsOf(goal: string): Question[] {
  const asker = /([^.:]*)\basks?:/i.exec(goal)?.[1] ?? "";
  const body = goal.slice(Math.max(0, goal.search(/\basks?:/i)));
  const context: string[] = [];
  const clauses = body
    .replace(/^[^:]*asks?:\s*/i, "")
    .split(/\?|,\s*(?:and\s+)?(?=(?:what|which|when|how|from which|where)\b)/i)
    .map((clause) => {
      // Sentences before the question inside a clause are context ("We upgraded to 3.2. How many ...").
      const sentences = clause.trim().split(/(?<=[.!])\s+(?=[A-Z])/);
      context.push(...sentences.slice(0, -1));
      return (sentences.at(-1) ?? "").trim().replace(/^and\s+/i, "");
    })
    .filter((clause) => questionWords.test(clause));
  const topic = clauses[0] ?? "";
  return clauses.map((text, index) => {
    const words = new Map<string, number>();
    weigh(context.join(" "), 0.5, words);
    if (index > 0) weigh(topic, 0.5, words);
    if (/\b(my|our|we)\b/i.test(text)) weigh(asker, 1, words);
    weigh(text, 1, words);
    const kind: AnswerKind = /\b(date|since|when)\b/i.test(text)
      ? "date"
      : /\b(how many|how much|limit|rate|number|how long)\b/i.test(text)
        ? "number"
        : "text";
    const unit = /how (?:many|much|long)\s+(\w+?)s?\b/i.exec(text)?.[1]?.toLowerCase() ?? null;
    return {
      text,
      kind,
      words,
      unit,
      asksWhen: /\bwhen\b|take effect|apply/i.test(text),
      asksWhatToDo:
        /\bwhat (?:exactly )?(?:should|must|do) (?:we|i)\b|\bhow (?:do|can|should) (?:we|i)\b/i.test(text),
    };
  });
}

const monthName = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?";
const datePattern = new RegExp(
  `\\b\\d{4}-\\d{2}-\\d{2}\\b|\\b\\d{1,2}\\s+${monthName}\\s+\\d{4}\\b|\\b${monthName}\\s+\\d{1,2},?\\s+\\d{4}\\b`,
  "i",
);
const per = "(?:\\s*(?:\\/|per)\\s*(?:minute|second|hour|day|week|month|key))?";
const quantityPattern = new RegExp(
  `(?<![\\w.-])(\\d{1,3}(?:,\\d{3})+|\\d+)(?![\\w.-]*\\d)\\s*(requests?${per}|days?|hours?|minutes?|%|[KMGT]B|[a-z]+s\\b${per})?`,
  "gi",
);

/** The value a passage gives for a kind of question: its date, or its first number with a unit. */
export function valueIn(passage: Passage, kind: AnswerKind, unit: string | null = null): string | null {
  if (kind === "date") return datePattern.exec(passage.text)?.[0] ?? null;
  if (kind === "text") return passage.text;
  const withoutDates = passage.text.replace(new RegExp(datePattern, "gi"), " ");
  const quantities = [...withoutDates.matchAll(quantityPattern)].filter(
    (match) => !/^(19|20)\d\d$/.test(match[1] ?? ""),
  );
  const best =
    quantities.find((match) => match[2] && (unit === null || match[2].toLowerCase().startsWith(unit))) ??
    null;
  return best ? `${best[1]} ${best[2]}`.trim() : null;
}

/** How well a passage answers a question; null when it holds no value of the right kind. */
export function scorePassage(
  passage: Passage,
  question: Question,
  stale: ReadonlySet<string>,
): number | null {
  if (valueIn(passage, question.kind, question.unit) === null) return null;
  const text = passage.text.toLowerCase();
  const heading = passage.heading.toLowerCase();
  let score = 0;
  for (const [word, weight] of question.words) {
    if (text.includes(word)) score += weight;
    else if (heading.includes(word)) score += weight / 2;
  }
  if (
    (question.kind === "date" || question.asksWhen) &&
    /take[sn]? effect|effective (?:date|from|on)|appl(?:y|ies) from|as of\b|starting (?:on|from)/i.test(
      passage.text,
    )
  )
    score += 3;
  if (question.asksWhatToDo && /overrid|\bset\b|configur|`[\w.*<>-]+`/i.test(passage.text)) score += 2;
  if (passage.isHeading) score -= 2;
  // An outdated document is distrusted for figures and dates, which change between versions.
  if (stale.has(passage.path) && question.kind !== "text") score -= 3;
  return score;
}

/** The best passages for a question, best first (ties broken by file and position). */
export function rankPassages(
  passages: readonly Passage[],
  question: Question,
  stale: ReadonlySet<string>,
): { passage: Passage; score: number }[] {
  return passages
    .map((passage) => ({ passage, score: scorePassage(passage, question, stale) }))
    .filter((entry): entry is { passage: Passage; score: number } => entry.score !== null && entry.score > 0)
    .sort(
      (left, right) =>
        right.score - left.score ||
        left.passage.path.localeCompare(right.passage.path) ||
        (left.passage.line ?? left.passage.page ?? 0) - (right.passage.line ?? right.passage.page ?? 0),
    );
}
