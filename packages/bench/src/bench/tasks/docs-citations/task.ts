import type { BenchTask } from "../bench-task.js";
import { writeFixtureFiles } from "../fixture-tree.js";
import { describeRubric } from "../grade-checks.js";
import { prepareWorkspaceDirectory } from "../prepare-directory.js";
import { docsVariant } from "./docs-variant.js";
import { docsCitationsFiles } from "./fixture.js";
import { docsCitationsRubricItems, gradeDocsCitations } from "./grader.js";

const goal =
  "Answer from the documents in docs/ (HTML, Markdown and a PDF). A customer on the Enterprise plan asks: " +
  "what is my Export API rate limit, what is the limit for customers on the Standard plan, and from which " +
  "date does the current Standard limit apply? Give the numbers and the date, and cite the document each " +
  "fact comes from, like [changelog.md] or, for a PDF, (file.pdf p.N).";

/**
 * Answer a question whose facts are spread over an HTML page, a PDF and a Markdown changelog, with citations.
 *
 * @example
 * ```ts
 * const prepared = await docsCitationsTask.prepare({ directory, seed: 0 });
 * ```
 */
export const docsCitationsTask: BenchTask = {
  id: "docs-citations",
  title: "Answer from mixed documents with citations",
  description:
    "Seven documents (two HTML pages, four Markdown files, a two-page PDF contract). The answer needs the " +
    "Standard Export API limit from the HTML API reference, the Enterprise exception from page 2 of the " +
    "PDF, and the effective date from the changelog; an outdated FAQ and a contract date are traps.",
  rubric: describeRubric(
    "Graded from the answer against the seed's key (the seed picks the two limits and the date; values " +
      "below are seed 0's). Facts match tolerantly (1,200 or 1200; ISO or written dates); a document " +
      "counts as cited when its file name appears in the answer.",
    docsCitationsRubricItems(docsVariant(0)),
  ),
  async prepare(options) {
    const workspace = await prepareWorkspaceDirectory(options);
    await writeFixtureFiles(workspace, await docsCitationsFiles(options.seed));
    const variant = docsVariant(options.seed);
    return { workspace, goal, grade: (outcome) => gradeDocsCitations(outcome, variant) };
  },
};
