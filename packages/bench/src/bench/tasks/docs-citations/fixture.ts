import type { FixtureFiles } from "../fixture-tree.js";
import { contractPdf } from "./contract-pdf.js";
import { docsVariant } from "./docs-variant.js";
import { textDocuments } from "./documents-content.js";

/** The documents folder for a seed: HTML, Markdown and one PDF. */
export async function docsCitationsFiles(seed: number): Promise<FixtureFiles> {
  const variant = docsVariant(seed);
  return new Map<string, string | Uint8Array>([
    ...textDocuments(variant),
    ["docs/enterprise-agreement.pdf", await contractPdf(variant)],
  ]);
}
