import { writeFile } from "node:fs/promises";
import path from "node:path";
import { failingTestName } from "./repository-content.js";

/** A correct triage report. */
export const referenceTriageReport = {
  failingTest: failingTestName,
  rootCauseFile: "src/currency.js",
  category: "regression",
  suggestedFix:
    "normalizeCode in src/currency.js lower-cases the code but CURRENCIES is keyed in upper case, so " +
    "formatAmount finds no currency; use toUpperCase() in normalizeCode.",
};

/** Writes the correct report to triage.json and also gives it in the answer. */
export async function solveTriage(workspace: string): Promise<{ answer: string }> {
  const json = JSON.stringify(referenceTriageReport, null, 2);
  await writeFile(path.join(workspace, "triage.json"), `${json}\n`);
  return { answer: `Triage written to triage.json:\n\`\`\`json\n${json}\n\`\`\`` };
}
