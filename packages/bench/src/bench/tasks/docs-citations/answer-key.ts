import { type DocsVariant, isoDate, outdatedLimits } from "./docs-variant.js";

const monthNames = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/** A number as an answer may write it: 1200, 1,200, 1.200 or 1 200, never as part of a longer number. */
export function numberPattern(value: number): RegExp {
  const digits = String(value);
  const head = digits.slice(0, digits.length % 3 || 3);
  const groups = digits.slice(head.length).match(/\d{3}/g) ?? [];
  const body = [head, ...groups].join("[,.\\s\\u202f]?");
  return new RegExp(`(?<![\\d.,])${body}(?![\\d]|[.,]\\d)`);
}

/** The date in ISO, slash, "October 1, 2024", "1 October 2024" or "Oct 1st 2024" form. */
export function datePattern(date: DocsVariant["effective"]): RegExp {
  const name = monthNames[date.month - 1] ?? "";
  const month = `(?:${name}|${name.slice(0, 3)}\\.?)`;
  const day = `0?${date.day}(?:st|nd|rd|th)?`;
  const forms = [
    isoDate(date),
    `${date.year}/0?${date.month}/0?${date.day}`,
    `${month}\\s+${day},?\\s+${date.year}`,
    `${day}\\s+(?:of\\s+)?${month},?\\s+${date.year}`,
  ];
  return new RegExp(`(?<!\\d)(?:${forms.join("|")})(?!\\d)`, "i");
}

/** The documents each fact comes from, and those that hold none of the asked facts. */
export const requiredSources = {
  standardLimit: "api-reference.html",
  enterpriseLimit: "enterprise-agreement.pdf",
  effectiveDate: "changelog.md",
} as const;
export const irrelevantSources = ["faq.md", "pricing.html", "getting-started.md", "security-overview.md"];

const hedge = /outdated|out of date|old|previous|formerly|no longer|superseded|stale|was |used to|2023/i;

/** Sentences that state one of the FAQ's outdated limits as a rate, without calling it outdated. */
export function contradictions(answer: string): string[] {
  const rate = `\\s*(?:requests?|req\\.?|rpm|calls?)\\b`;
  const outdated = new RegExp(
    `(?<![\\d.,])(?:${outdatedLimits.standard}|${outdatedLimits.enterprise})(?![\\d])${rate}`,
    "i",
  );
  return answer
    .split(/\n|(?<=[.!?])\s+(?=[A-Z])/)
    .filter((sentence) => outdated.test(sentence) && !hedge.test(sentence));
}
