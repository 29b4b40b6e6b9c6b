import { failingTestName } from "./repository-content.js";

/** The answer key of the triage: what really fails, where, and why. */
export const triageKey = {
  failingTest: failingTestName,
  rootCauseFile: "src/currency.js",
  category: "regression",
  /** The fix must name the function... */
  fixFunction: /\b(formatAmount|normalizeCode)\b/,
  /** ...and the concept: the lookup lower-cases codes while the table is keyed in upper case. */
  fixConcept: /toUpperCase|toLowerCase|upper[- ]?case|lower[- ]?case|case[- ]?(in)?sensitiv/i,
} as const;

/** Lower-case, quotes and backticks dropped, whitespace collapsed. */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[`"'\u2018\u2019\u201c\u201d]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** A path as reports write it (absolute CI paths, file:// URLs, ./, backslashes, :line:col) made relative. */
export function normalizeReportedPath(text: string): string {
  return text
    .trim()
    .replace(/^[`"']+|[`"']+$/g, "")
    .replace(/^file:\/\//, "")
    .replace(/\\/g, "/")
    .replace(/(:\d+){1,2}$/, "")
    .replace(/^\.\//, "")
    .replace(/^\/+/, "");
}
