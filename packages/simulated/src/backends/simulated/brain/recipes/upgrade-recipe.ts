import {
  type Action,
  answerMove,
  callAction,
  type Move,
  type PlannedCall,
  plainMove,
  type Recipe,
} from "../action.js";
import { type ConversationView, hasTool, successfulCalls } from "../conversation-view.js";
import { isTestPath } from "../evidence.js";
import { explored } from "../explored.js";
import { hasEdited, knownContent, unifiedDiff } from "../workspace-knowledge.js";
import { type ApiChange, oldNames } from "./api-change.js";
import { changelogChanges } from "./changelog-changes.js";
import { listMove } from "./explore-recipe.js";
import { filesUnder, goalDirectories, highestVersion, isCodePath } from "./goal-paths.js";
import { readMove } from "./read-move.js";
import { adaptSource } from "./rewrite-calls.js";
import { failedVerifications, lastEditIndex, runTestsMove, testRuns } from "./test-runs.js";

interface UpgradeLayout {
  installed: string | null;
  release: string;
  version: string | null;
  changelog: string | undefined;
}

/** Where the installed copy and the new release live, from the directories the goal names. */
function layout(view: ConversationView): UpgradeLayout | null {
  const version = highestVersion(view.goal);
  const directories = goalDirectories(view);
  const release =
    directories.find((directory) => version !== null && directory.includes(version)) ?? directories.at(-1);
  if (!release) return null;
  const installed = directories.find((directory) => directory !== release) ?? null;
  const changelog = filesUnder(view, release).find((file) =>
    /(changelog|history|changes|releases?)\.md$/i.test(file),
  );
  return { installed, release, version, changelog };
}

/** Files that call the changed API, from the search results: not the library's own copies, not tests. */
function callSiteFiles(view: ConversationView, layout: UpgradeLayout): string[] {
  const files = new Set<string>();
  for (const call of successfulCalls(view, "search"))
    for (const line of call.result.split("\n")) {
      const path = /^([^:\s]+):\d+: /.exec(line)?.[1];
      if (!path || !isCodePath(path) || isTestPath(path)) continue;
      if (
        path.startsWith(`${layout.release}/`) ||
        (layout.installed && path.startsWith(`${layout.installed}/`))
      )
        continue;
      files.add(path);
    }
  return [...files].sort();
}

function writeCall(path: string, content: string): PlannedCall {
  return { name: "write_file", arguments: { path, content } };
}

/** Copies the new release over the installed one; the mistake copies the code but not its manifest. */
function installMove(view: ConversationView, layout: UpgradeLayout, parallel: number): Move | null {
  const installed = layout.installed;
  if (!installed) return null;
  const sources = filesUnder(view, layout.release);
  const copies = sources.map((path) => ({
    path,
    target: `${installed}/${path.slice(layout.release.length + 1)}`,
    content: knownContent(view, path),
  }));
  if (copies.some((copy) => hasEdited(view, copy.target))) return null;
  const unread = copies.filter((copy) => copy.content === null).map((copy) => copy.path);
  if (unread.length > 0) return readMove(view, unread, parallel);
  const calls = copies.map((copy) => writeCall(copy.target, copy.content ?? ""));
  const withoutManifest = calls.filter((call) => !String(call.arguments.path).endsWith("package.json"));
  return {
    intended: callAction(calls, `Installing ${layout.release} as ${installed}.`),
    mistakes:
      withoutManifest.length < calls.length && withoutManifest.length > 0
        ? { wrong_edit: callAction(withoutManifest, `Copying the new code into ${installed}.`) }
        : {},
  };
}

/** One patch adapting every call site; the mistake leaves the last file out (a missed call site). */
function patchMove(
  view: ConversationView,
  files: readonly string[],
  changes: readonly ApiChange[],
): Move | null {
  const edits = files
    .map((path) => {
      const before = knownContent(view, path) ?? "";
      return { path, before, after: adaptSource(before, changes) };
    })
    .filter((edit) => edit.after !== edit.before);
  if (edits.length === 0) return null;
  const patch = (list: typeof edits) => list.map((edit) => unifiedDiff(edit)).join("");
  const call = (list: typeof edits): Action =>
    callAction(
      [{ name: "apply_patch", arguments: { patch: patch(list) } }],
      `Adapting ${list.map((edit) => edit.path).join(", ")}.`,
    );
  return {
    intended: call(edits),
    mistakes: edits.length > 1 ? { wrong_edit: call(edits.slice(0, -1)) } : {},
  };
}

function changesOf(view: ConversationView, found: UpgradeLayout): ApiChange[] {
  const text = found.changelog ? knownContent(view, found.changelog) : null;
  return text ? changelogChanges(text, found.version) : [];
}

function searchMove(view: ConversationView, changes: readonly ApiChange[]): Move | null {
  if (successfulCalls(view, "search").length > 0 || !hasTool(view, "search")) return null;
  const pattern = `\\b(${oldNames(changes).join("|")})\\b`;
  return plainMove(
    callAction([{ name: "search", arguments: { pattern, regex: true } }], "Finding the call sites."),
  );
}

/**
 * Upgrading a vendored dependency across a breaking release: read the release's changelog, find the call
 * sites of what changed, install the release over the old copy, adapt the call sites (renames, options
 * objects), run the tests, and fix what they still show.
 */
export const upgradeRecipe: Recipe = {
  name: "upgrade-dependency",
  plan: () => [
    "List the workspace and read the new release's changelog.",
    "Search the sources for every call of the changed functions.",
    "Install the new release and adapt each call site.",
    "Run the tests and fix anything they still show; then answer.",
  ],
  next(view, behaviour) {
    const listing = listMove(view);
    if (listing) return listing;
    const found = layout(view);
    if (!found) return answerMove;
    const parallel = behaviour.parallelCalls;
    if (found.changelog && knownContent(view, found.changelog) === null)
      return readMove(view, [found.changelog], parallel) ?? answerMove;
    const changes = changesOf(view, found);
    if (changes.length === 0) return answerMove;
    const search = searchMove(view, changes);
    if (search) return search;
    const files = callSiteFiles(view, found);
    const unread = files.filter((path) => knownContent(view, path) === null);
    if (unread.length > 0) return readMove(view, unread, parallel) ?? answerMove;
    const install = installMove(view, found, parallel);
    if (install) return install;
    const callSitesEdited = files.some((path) => hasEdited(view, path));
    if (!callSitesEdited) return patchMove(view, files, changes) ?? answerMove;
    const runs = testRuns(view);
    const lastRun = runs.at(-1);
    if (!lastRun || lastRun.index < lastEditIndex(view)) return runTestsMove(view) ?? answerMove;
    if (lastRun.passed || failedVerifications(view) >= 3) return answerMove;
    // The tests still fail: look again at every call site for what the first pass missed.
    return patchMove(view, files, changes) ?? answerMove;
  },
  answer(view, options) {
    const found = layout(view);
    const changes = found ? changesOf(view, found) : [];
    const edited = found ? callSiteFiles(view, found).filter((path) => hasEdited(view, path)) : [];
    const lastRun = testRuns(view).at(-1);
    const lines = [
      found
        ? `Upgrade of ${found.installed ?? "the dependency"} to ${found.release}.`
        : "I could not tell which release to upgrade to.",
      `Breaking changes applied: ${changes.map(describe).join("; ") || "none found"}.`,
      `Call sites adapted in: ${edited.join(", ") || "no file"}.`,
      lastRun
        ? `Tests: ${lastRun.passed ? "passing" : "still failing"} after the last run.`
        : "I did not run the tests.",
      `Work done: ${explored(view)}.`,
    ];
    if (options.premature) lines.push("(I answered before finishing and verifying the upgrade.)");
    return lines.join("\n");
  },
};

function describe(change: ApiChange): string {
  switch (change.kind) {
    case "rename":
      return `${change.from} → ${change.to}`;
    case "options":
      return `${change.functionName} takes { ${change.key} }`;
    case "throws":
      return `${change.functionName} throws ${change.errorName}`;
    case "removed":
      return `${change.functionName} removed`;
  }
}
