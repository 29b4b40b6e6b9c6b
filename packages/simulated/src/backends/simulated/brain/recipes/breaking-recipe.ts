import { answerMove, callAction, type Move, type Recipe } from "../action.js";
import { type ConversationView, successfulCalls } from "../conversation-view.js";
import { isTestPath } from "../evidence.js";
import { explored } from "../explored.js";
import { knownContent, originalContent, unifiedDiff } from "../workspace-knowledge.js";
import type { ApiChange } from "./api-change.js";
import { apiDiff } from "./api-diff.js";
import { breakingNotes } from "./breaking-notes.js";
import { listMove } from "./explore-recipe.js";
import { filesUnder, goalDirectories, isCodePath } from "./goal-paths.js";
import { readMove } from "./read-move.js";
import { adaptSource } from "./rewrite-calls.js";
import { failedVerifications, runTestsMove, testRuns } from "./test-runs.js";

interface Layout {
  oldLibrary: string;
  newLibrary: string;
  consumer: string;
}

function layout(view: ConversationView): Layout | null {
  const directories = goalDirectories(view);
  const versionOf = (directory: string) => Number(/(\d+)(?!.*\d)/.exec(directory)?.[1] ?? Number.NaN);
  const libraries = directories.filter((directory) => !Number.isNaN(versionOf(directory)));
  const consumer = directories.find((directory) => !libraries.includes(directory));
  if (libraries.length < 2 || !consumer) return null;
  const [oldLibrary = "", newLibrary = ""] = [...libraries].sort(
    (left, right) => versionOf(left) - versionOf(right),
  );
  return { oldLibrary, newLibrary, consumer };
}

function entryFile(view: ConversationView, directory: string): string | undefined {
  const files = filesUnder(view, directory);
  return files.find((file) => file === `${directory}/index.js`) ?? files.find(isCodePath);
}

function consumerSources(view: ConversationView, found: Layout): string[] {
  return filesUnder(view, found.consumer).filter((file) => isCodePath(file) && !isTestPath(file));
}

/** The last content the model wrote to a file whose name ends with `name`, wherever it put it. */
function lastWritten(view: ConversationView, name: string): { path: string; content: string } | null {
  const call = successfulCalls(view, "write_file")
    .filter((candidate) => String(candidate.arguments?.path ?? "").endsWith(name))
    .at(-1);
  return call ? { path: String(call.arguments?.path), content: String(call.arguments?.content ?? "") } : null;
}

function patchText(view: ConversationView, files: readonly string[], changes: readonly ApiChange[]): string {
  return files
    .map((path) => ({ path, before: originalContent(view, path) ?? "" }))
    .map((file) => ({ ...file, after: adaptSource(file.before, changes) }))
    .filter((file) => file.after !== file.before)
    .map((file) => unifiedDiff(file))
    .join("");
}

function writeMove(options: { path: string; content: string; wrong: string; incomplete: string }): Move {
  const write = (path: string, content: string) =>
    callAction([{ name: "write_file", arguments: { path, content } }], `Writing ${path}.`);
  return {
    intended: write(options.path, options.content),
    mistakes: {
      wrong_file: write(options.wrong, options.content),
      ...(options.incomplete !== options.content
        ? { wrong_edit: write(options.path, options.incomplete) }
        : {}),
    },
  };
}

/** After a failed check: the full patch again, and the workspace brought to what it should have produced. */
function repairMove(
  view: ConversationView,
  files: readonly string[],
  changes: readonly ApiChange[],
): Move | null {
  const repairs = files
    .map((path) => ({
      path,
      before: knownContent(view, path) ?? "",
      after: adaptSource(originalContent(view, path) ?? "", changes),
    }))
    .filter((file) => file.after !== file.before);
  const written = lastWritten(view, "fix.patch");
  if (repairs.length === 0 || !written) return null;
  return {
    intended: callAction(
      [
        { name: "write_file", arguments: { path: written.path, content: patchText(view, files, changes) } },
        { name: "apply_patch", arguments: { patch: repairs.map((file) => unifiedDiff(file)).join("") } },
      ],
      "Completing fix.patch with what the tests still showed.",
    ),
    mistakes: {},
  };
}

function verifyMove(view: ConversationView, found: Layout, patch: { content: string }): Move | null {
  const writeIndex = view.calls.findLastIndex(
    (call) =>
      call.name === "write_file" && !call.isError && String(call.arguments?.path).endsWith("fix.patch"),
  );
  const applied = view.calls.findLastIndex((call) => call.name === "apply_patch" && !call.isError);
  if (applied < writeIndex)
    return {
      intended: callAction(
        [{ name: "apply_patch", arguments: { patch: patch.content } }],
        "Trying fix.patch on the consumer.",
      ),
      mistakes: {},
    };
  const lastRun = testRuns(view).at(-1);
  if (!lastRun || lastRun.index < applied)
    return runTestsMove(view, `Running the tests in ${found.consumer}.`);
  return null;
}

/**
 * Documenting a library's breaking changes and patching its consumer: read both releases and the consumer,
 * derive the changes from the code (renames, throwing instead of null, a boolean that became an options
 * object), write BREAKING.md and fix.patch, try the patch and run the consumer's tests.
 */
export const breakingRecipe: Recipe = {
  name: "breaking-changes-patch",
  plan: () => [
    "Read both library releases and the consumer's sources.",
    "List every breaking change from the code and write BREAKING.md.",
    "Write fix.patch adapting the consumer, then try it and run the consumer's tests.",
    "Answer with what changed and whether the tests pass.",
  ],
  next(view, behaviour) {
    const listing = listMove(view);
    if (listing) return listing;
    const found = layout(view);
    if (!found) return answerMove;
    const entries = [entryFile(view, found.oldLibrary), entryFile(view, found.newLibrary)].filter(
      (path) => path !== undefined,
    );
    const sources = consumerSources(view, found);
    const unread = [...entries, ...sources].filter((path) => knownContent(view, path) === null);
    if (unread.length > 0) return readMove(view, unread, behaviour.parallelCalls) ?? answerMove;
    const [oldEntry = "", newEntry = ""] = entries;
    const changes = apiDiff(originalContent(view, oldEntry) ?? "", originalContent(view, newEntry) ?? "");
    if (changes.length === 0) return answerMove;
    if (!lastWritten(view, "BREAKING.md"))
      return writeMove({
        path: "BREAKING.md",
        wrong: `${found.consumer}/BREAKING.md`,
        content: breakingNotes({ from: found.oldLibrary, to: found.newLibrary, changes }),
        incomplete: breakingNotes({
          from: found.oldLibrary,
          to: found.newLibrary,
          changes: changes.slice(0, -1),
        }),
      });
    const patch = lastWritten(view, "fix.patch");
    if (!patch) {
      const skipped = changes.find((change) => change.kind === "throws") ?? changes.at(-1);
      return writeMove({
        path: "fix.patch",
        wrong: `${found.consumer}/fix.patch`,
        content: patchText(view, sources, changes),
        incomplete: patchText(
          view,
          sources,
          changes.filter((change) => change !== skipped),
        ),
      });
    }
    const verify = verifyMove(view, found, patch);
    if (verify) return verify;
    if (testRuns(view).at(-1)?.passed || failedVerifications(view) >= 3) return answerMove;
    return repairMove(view, sources, changes) ?? answerMove;
  },
  answer(view, options) {
    const notes = lastWritten(view, "BREAKING.md");
    const patch = lastWritten(view, "fix.patch");
    const lastRun = testRuns(view).at(-1);
    const lines = [
      notes ? `Wrote ${notes.path}:\n${notes.content.trim()}` : "I did not write BREAKING.md.",
      patch
        ? `Wrote ${patch.path} (${patch.content.split("\n").length} lines).`
        : "I did not write fix.patch.",
      lastRun
        ? `Consumer tests with the patch: ${lastRun.passed ? "passing" : "still failing"}.`
        : "I did not run the consumer's tests.",
      `Work done: ${explored(view)}.`,
    ];
    if (options.premature) lines.push("(I answered before finishing and verifying the work.)");
    return lines.join("\n");
  },
};
