import { replaceInFile } from "../reference-edits.js";
import { buggyLine, fixedLine } from "./repository-content.js";

/** The one-character fix: make the loop include the last day. */
export async function solveFixFailingTest(workspace: string): Promise<{ answer: string }> {
  await replaceInFile({ workspace, relative: "src/dates.js", replacements: [[buggyLine, fixedLine]] });
  return { answer: "daysBetween used an exclusive bound; it now includes the last day." };
}
