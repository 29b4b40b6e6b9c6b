import type { GradeResult, TaskOutcome } from "../bench-task.js";
import { checkOf, type RubricItem, summarizeChecks } from "../grade-checks.js";
import {
  contradictions,
  datePattern,
  irrelevantSources,
  numberPattern,
  requiredSources,
} from "./answer-key.js";
import { type DocsVariant, isoDate } from "./docs-variant.js";

function rubricFor(variant: DocsVariant) {
  return {
    standardLimit: {
      name: "fact-standard-limit",
      weight: 2,
      essential: true,
      meaning: `the answer gives the Standard Export API limit (${variant.standardLimit} requests per minute)`,
    },
    enterpriseLimit: {
      name: "fact-enterprise-limit",
      weight: 2,
      essential: true,
      meaning: `the answer gives the Enterprise exception (${variant.enterpriseLimit} requests per minute)`,
    },
    effectiveDate: {
      name: "fact-effective-date",
      weight: 2,
      essential: true,
      meaning: `the answer gives the date the Standard limit took effect (${isoDate(variant.effective)}, any common format)`,
    },
    citesApiReference: {
      name: "cites-api-reference",
      weight: 1,
      essential: true,
      meaning: "the answer cites api-reference.html",
    },
    citesContract: {
      name: "cites-contract",
      weight: 1,
      essential: true,
      meaning: "the answer cites enterprise-agreement.pdf",
    },
    citesChangelog: {
      name: "cites-changelog",
      weight: 1,
      essential: true,
      meaning: "the answer cites changelog.md",
    },
    contractPage: {
      name: "contract-page",
      weight: 1,
      essential: false,
      meaning: "the PDF citation names page 2, where the exception is",
    },
    noStrayCitations: {
      name: "no-stray-citations",
      weight: 1,
      essential: false,
      meaning:
        "the answer cites none of the documents that hold none of the facts (faq.md, pricing.html, ...)",
    },
    noContradiction: {
      name: "no-contradiction",
      weight: 2,
      essential: true,
      meaning:
        "the answer does not state the FAQ's outdated limits (60 or 300 requests per minute) as current",
    },
  } satisfies Record<string, RubricItem>;
}

/** The rubric text with the values of seed 0, for docs. */
export function docsCitationsRubricItems(variant: DocsVariant): RubricItem[] {
  return Object.values(rubricFor(variant));
}

const cites = (answer: string, file: string) => answer.toLowerCase().includes(file);

/** Grades the answer against the seed's key; files in the workspace are not consulted. */
export async function gradeDocsCitations(outcome: TaskOutcome, variant: DocsVariant): Promise<GradeResult> {
  const answer = outcome.answer ?? "";
  const rubric = rubricFor(variant);
  const stray = irrelevantSources.filter((file) => cites(answer, file));
  const contradicting = contradictions(answer);
  const pageCited = /enterprise-agreement\.pdf[^\n]{0,40}?\b(?:p\.?|pp\.?|page)\s*2(?!\d)/i.test(answer);
  const noAnswer = { detail: outcome.answer === null ? "no answer" : undefined };
  return summarizeChecks([
    checkOf(rubric.standardLimit, { passed: numberPattern(variant.standardLimit).test(answer), ...noAnswer }),
    checkOf(rubric.enterpriseLimit, {
      passed: numberPattern(variant.enterpriseLimit).test(answer),
      ...noAnswer,
    }),
    checkOf(rubric.effectiveDate, { passed: datePattern(variant.effective).test(answer), ...noAnswer }),
    checkOf(rubric.citesApiReference, { passed: cites(answer, requiredSources.standardLimit) }),
    checkOf(rubric.citesContract, { passed: cites(answer, requiredSources.enterpriseLimit) }),
    checkOf(rubric.citesChangelog, { passed: cites(answer, requiredSources.effectiveDate) }),
    checkOf(rubric.contractPage, { passed: pageCited }),
    checkOf(rubric.noStrayCitations, {
      passed: outcome.answer !== null && stray.length === 0,
      detail: stray.length === 0 ? undefined : `also cites ${stray.join(", ")}`,
    }),
    checkOf(rubric.noContradiction, {
      passed: outcome.answer !== null && contradicting.length === 0,
      detail: contradicting.length === 0 ? undefined : `states as current: ${contradicting.join(" | ")}`,
    }),
  ]);
}
