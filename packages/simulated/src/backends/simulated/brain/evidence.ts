import type { ConversationView } from "./conversation-view.js";

const stopWords = new Set(
  "the a an and or of to in on for with from that this which what when where how why who whose does did is are was were be been have has had do not no it its as at by into about any each your you we our their them than then there these those can could should would will may might must all also only just more most other some such very give name file files line lines which while after before without change changes changed".split(
    " ",
  ),
);

/** Content words of a text, lower-cased, in order of first appearance. */
export function keywords(text: string): string[] {
  const words = text.toLowerCase().match(/[a-z][a-z0-9_-]{2,}/g) ?? [];
  return [...new Set(words.filter((word) => !stopWords.has(word)))];
}

/** Does the goal ask to triage a failure (a CI log, a failing test)? */
export function isTriageGoal(goal: string): boolean {
  return /\b(ci|fail\w*|failing|triage|error|broken|test)\b/i.test(goal);
}

/** File paths (with optional line) mentioned in a text. */
export function fileReferences(text: string): { path: string; line: number | null }[] {
  const references: { path: string; line: number | null }[] = [];
  for (const match of text.matchAll(
    /([\w./-]+\.(?:js|mjs|ts|py|md|json|html|log|txt|yaml|yml))(?::(\d+))?/g,
  )) {
    const path = (match[1] ?? "")
      .replace(/^.*?\/work\/[^/]+\/[^/]+\//, "")
      .replace(/^\.\//, "")
      .replace(/^file:\/+.*?\/(?=(src|test|lib|docs)\/)/, "");
    references.push({ path, line: match[2] ? Number(match[2]) : null });
  }
  return references;
}

/** Relevance of a file to the goal and to what has been read so far. */
export function scoreFile(path: string, view: ConversationView): number {
  const lower = path.toLowerCase();
  const goal = view.goal.toLowerCase();
  let score = 0;
  const name = lower.split("/").pop() ?? lower;
  if (goal.includes(name) || goal.includes(lower)) score += 6;
  for (const word of keywords(`${view.goal} ${view.instructions.join(" ")}`))
    if (lower.includes(word)) score += 2;
  if (isTriageGoal(view.goal) && /\.(log|txt)$/.test(lower)) score += 3;
  if (/(^|\/)(readme|task)\.md$/.test(lower)) score -= 2;
  if (/package-lock\.json$/.test(lower)) score -= 5;
  for (const [readPath, lines] of view.readFiles) {
    if (readPath === path) continue;
    for (const reference of fileReferences(lines.join("\n")))
      if (lower.endsWith(reference.path.toLowerCase())) score += 4;
    const stem = name.replace(/\.\w+$/, "").replace(/-test$|\.test$/, "");
    if (stem.length > 2 && lines.some((line) => line.includes(`/${stem}.`))) score += 3;
  }
  return score;
}

/** The lines of read files that share the most content words with `query`, with their file:line. */
export function bestLines(
  view: ConversationView,
  options: { query: string; limit: number },
): { path: string; line: number; text: string; score: number }[] {
  const words = keywords(options.query);
  const scored: { path: string; line: number; text: string; score: number }[] = [];
  for (const [path, lines] of view.readFiles) {
    for (const entry of lines) {
      const match = /^(\d+): (.*)$/.exec(entry);
      if (!match) continue;
      const text = (match[2] ?? "").trim();
      const lower = text.toLowerCase();
      const score = words.filter((word) => lower.includes(word)).length;
      if (score > 0) scored.push({ path, line: Number(match[1]), text, score });
    }
  }
  return scored
    .sort(
      (left, right) =>
        right.score - left.score || left.path.localeCompare(right.path) || left.line - right.line,
    )
    .slice(0, options.limit);
}

/**
 * A path from a log or a stack trace (absolute, on another machine) as a workspace path: the listed file
 * it ends with, else the path as given.
 */
export function toWorkspacePath(path: string, listedFiles: readonly string[]): string {
  const normalized = path.replace(/^file:\/+/, "/");
  const match = listedFiles
    .filter((file) => normalized === file || normalized.endsWith(`/${file}`))
    .sort((left, right) => right.length - left.length)[0];
  return match ?? path;
}

/** Whether a path is a test file or lives in a test folder. */
export function isTestPath(path: string): boolean {
  return /(^|\/)(tests?|__tests__|spec)\//.test(path) || /[.-](test|spec)\.[cm]?[jt]s$/.test(path);
}
