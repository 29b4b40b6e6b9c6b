import { type DocsVariant, docsVariant, grouped, isoDate } from "./docs-variant.js";

/** A correct, fully cited answer for a variant. */
export function referenceDocsAnswer(variant: DocsVariant): string {
  return [
    `Your Enterprise agreement raises your Export API limit to ${grouped(variant.enterpriseLimit)} requests ` +
      "per minute per API key (enterprise-agreement.pdf p.2).",
    `Standard-plan customers get ${variant.standardLimit} requests per minute per key [api-reference.html].`,
    `The current Standard limit applies from ${isoDate(variant.effective)} [changelog.md].`,
  ].join("\n");
}

/** Answers the question for the seed the task was prepared with. */
export async function solveDocsCitations(seed: number): Promise<{ answer: string }> {
  return { answer: referenceDocsAnswer(docsVariant(seed)) };
}
