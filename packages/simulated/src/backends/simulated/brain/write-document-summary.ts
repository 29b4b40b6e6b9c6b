import type { Message, ModelTier, Random } from "agentone";
import { simulatedLabel } from "./explored.js";

/** A request to summarize text: what the instructions ask to focus on, and the text itself. */
export interface SummaryTask {
  focus: string | null;
  text: string;
}

/** How the summarization tools phrase their requests (tools/documents/summary-prompts.ts). */
const summaryRequest = /^(Summarize the document |This is part \d+ of \d+|The input holds summaries of )/;

/**
 * Recognises a request to summarize (a tool's nested call: instructions in the system message, the text
 * as the only user message), as a model recognises the task from its instructions.
 *
 * @example
 * ```ts
 * summaryTaskOf([{ role: "system", content: "Summarize the document \"a.md\": ..." }, { role: "user", content: text }]);
 * // { focus: null, text }
 * ```
 */
export function summaryTaskOf(messages: readonly Message[]): SummaryTask | null {
  const [system, user, ...rest] = messages;
  if (system?.role !== "system" || user?.role !== "user" || rest.length > 0) return null;
  if (!summaryRequest.test(system.content)) return null;
  const focus = /Focus on: ([^.]+)\./.exec(system.content)?.[1] ?? null;
  return { focus, text: user.content };
}

/** Key points kept per summary: stronger models keep more of what matters. */
const pointsByTier: Record<ModelTier, number> = { premium: 8, standard: 6, cheap: 4, local: 3 };

interface Sentence {
  text: string;
  page: number | null;
  order: number;
  score: number;
}

function sentencesOf(text: string, focusWords: readonly string[]): Sentence[] {
  const sentences: Sentence[] = [];
  let page: number | null = null;
  for (const line of text.split("\n")) {
    const marker = /^--- page (\d+) ---$/.exec(line.trim());
    if (marker) {
      page = Number(marker[1]);
      continue;
    }
    for (const piece of line.split(/(?<=[.!?])\s+/)) {
      const sentence = piece.replace(/^[#>*\-\s]+/, "").trim();
      if (sentence.length < 12) continue;
      const lower = sentence.toLowerCase();
      const score =
        (/\d/.test(sentence) ? 2 : 0) +
        (/\b[A-Z][a-z]+ [A-Z][a-z]+/.test(sentence) ? 1 : 0) +
        focusWords.filter((word) => lower.includes(word)).length * 3 +
        (sentences.length === 0 ? 1 : 0);
      sentences.push({ text: sentence, page, order: sentences.length, score });
    }
  }
  return sentences;
}

/**
 * An extractive summary: the sentences with the most facts (figures, names, the focus words), in
 * document order, with page citations where the text has page markers. Like a real model it may miss
 * the most important point (at its tier's mistake rate); it never adds facts the text does not hold.
 *
 * @example
 * ```ts
 * writeDocumentSummary(task, { model: "sim-cheap", tier: "cheap", mistakeRate: 0.125, random });
 * ```
 */
export function writeDocumentSummary(
  task: SummaryTask,
  options: { model: string; tier: ModelTier; mistakeRate: number; random: Random },
): string {
  const focusWords = (task.focus ?? "")
    .toLowerCase()
    .split(/\W+/)
    .filter((word) => word.length > 3);
  const ranked = [...sentencesOf(task.text, focusWords)].sort(
    (left, right) => right.score - left.score || left.order - right.order,
  );
  // The mistake: the strongest point is passed over.
  const candidates = options.random.chance(options.mistakeRate) ? ranked.slice(1) : ranked;
  const kept = candidates
    .slice(0, pointsByTier[options.tier])
    .sort((left, right) => left.order - right.order);
  const points = kept.map(
    (sentence) => `- ${sentence.text}${sentence.page === null ? "" : ` (p. ${sentence.page})`}`,
  );
  return [
    simulatedLabel(options.model),
    ...(points.length > 0 ? points : ["- (the text states nothing to summarize)"]),
  ].join("\n");
}
