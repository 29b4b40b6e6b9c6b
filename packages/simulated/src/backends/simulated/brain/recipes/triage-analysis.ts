import type { ConversationView } from "../conversation-view.js";
import { bestLines, isTestPath, toWorkspacePath } from "../evidence.js";
import { type LogFailure, readLogFailure } from "../read-log.js";

export interface SourceLine {
  path: string;
  line: number;
  text: string;
}

/** What a triage concludes from the log and the files read. */
export interface TriageFindings {
  failure: LogFailure;
  logRead: boolean;
  rootCause: SourceLine | undefined;
  /** What a careless reader blames instead: the caller of the failing code, or the test. */
  decoy: SourceLine | undefined;
  category: "regression" | "flaky" | "environment" | "dependency" | null;
  /** A specific fix when the code read explains the failure. */
  suggestedFix: string | null;
}

const isComment = (text: string) => /^(\/\/|#|\*|\/\*)/.test(text);

function numbered(view: ConversationView, path: string): Map<number, string> {
  const lines = new Map<number, string>();
  for (const entry of view.readFiles.get(path) ?? []) {
    const match = /^(\d+): (.*)$/.exec(entry);
    if (match) lines.set(Number(match[1]), match[2] ?? "");
  }
  return lines;
}

function sourceFiles(view: ConversationView): Map<string, string[]> {
  return new Map(
    [...view.readFiles].filter(([path]) => !/\.(log|txt|md|html)$/.test(path) && !/test/i.test(path)),
  );
}

/** The line assigning the first field the assertion shows wrong, in the sources read. */
function assignmentOf(view: ConversationView, failure: LogFailure): SourceLine | undefined {
  for (const field of failure.mismatchedFields) {
    const assignment = new RegExp(`\\b${field}\\s*=[^=]`);
    for (const [path, lines] of sourceFiles(view)) {
      for (const entry of lines) {
        const [, number = "0", text = ""] = /^(\d+): (.*)$/.exec(entry) ?? [];
        if (assignment.test(text) && !isComment(text.trim()))
          return { path, line: Number(number), text: text.trim() };
      }
    }
  }
  return undefined;
}

function frameLines(view: ConversationView, failure: LogFailure): SourceLine[] {
  return failure.frames
    .map((frame) => ({ ...frame, path: toWorkspacePath(frame.path, view.listedFiles) }))
    .filter((frame) => !isTestPath(frame.path))
    .map((frame) => ({
      path: frame.path,
      line: frame.line,
      text: numbered(view, frame.path).get(frame.line)?.trim() ?? "",
    }));
}

function closestWordsLine(view: ConversationView, failure: LogFailure): SourceLine | undefined {
  const code = new Map(
    [...sourceFiles(view)].map(([path, lines]) => [
      path,
      lines.filter((entry) => !isComment(entry.replace(/^\d+: /, "").trim())),
    ]),
  );
  return bestLines({ ...view, readFiles: code }, { query: failure.testName ?? view.goal, limit: 1 })[0];
}

function enclosingFunction(lines: Map<number, string>, line: number): string | null {
  for (let number = line; number > 0; number--) {
    const match = /function\s+(\w+)\s*\(/.exec(lines.get(number) ?? "");
    if (match) return match[1] ?? null;
  }
  return null;
}

/** Lines of the block that starts at the first line matching `start`, up to its closing brace. */
function blockAfter(lines: Map<number, string>, start: RegExp): string[] {
  const numbers = [...lines.keys()].sort((left, right) => left - right);
  const first = numbers.find((number) => start.test(lines.get(number) ?? ""));
  if (first === undefined) return [];
  const block: string[] = [];
  for (const number of numbers.filter((candidate) => candidate >= first)) {
    const text = lines.get(number) ?? "";
    block.push(text);
    if (number > first && /^\s*}/.test(text)) break;
  }
  return block;
}

/**
 * Explains "cannot read X of undefined" at a line that looks something up: finds what the lookup is keyed
 * by and compares the key's normalisation with the table's keys (a case mismatch is the classic cause).
 */
function explainUndefinedLookup(
  view: ConversationView,
  root: SourceLine,
  failure: LogFailure,
): string | null {
  const property = /reading '(\w+)'/.exec(failure.errorMessage ?? "")?.[1];
  if (!property) return null;
  const lines = numbered(view, root.path);
  const object = new RegExp(`(\\w+)\\.${property}\\b`).exec(root.text)?.[1];
  const where = enclosingFunction(lines, root.line) ?? "the failing code";
  if (!object) return null;
  let lookup: string | null = null;
  for (let number = root.line; number > 0 && lookup === null; number--) {
    lookup =
      new RegExp(`(?:const|let|var)\\s+${object}\\s*=\\s*(.+?);`).exec(lines.get(number) ?? "")?.[1] ?? null;
  }
  const keyed = lookup ? /^(\w+)\[(\w+)\((\w+)\)\]$/.exec(lookup) : null;
  if (!lookup || !keyed) {
    return `${where} (${root.path}:${root.line}) reads '${property}' of undefined: ${object} is not found; check where it comes from.`;
  }
  const [, table = "", normalizer = "", argument = ""] = keyed;
  const body = blockAfter(lines, new RegExp(`function\\s+${normalizer}\\s*\\(`)).join("\n");
  const keys = blockAfter(lines, new RegExp(`\\b${table}\\s*=\\s*\\{`))
    .map((text) => /^\s*"?([\w-]+)"?\s*:/.exec(text)?.[1])
    .filter((key): key is string => key !== undefined);
  const upperKeys = keys.length > 0 && keys.every((key) => key === key.toUpperCase());
  const lowerKeys = keys.length > 0 && keys.every((key) => key === key.toLowerCase());
  if (/toLowerCase\(\)/.test(body) && upperKeys)
    return `${normalizer} in ${root.path} lower-cases the ${argument} but ${table} is keyed in upper case, so ${where} finds no entry and reads '${property}' of undefined; make ${normalizer} use toUpperCase() instead of toLowerCase().`;
  if (/toUpperCase\(\)/.test(body) && lowerKeys)
    return `${normalizer} in ${root.path} upper-cases the ${argument} but ${table} is keyed in lower case, so ${where} finds no entry and reads '${property}' of undefined; make ${normalizer} use toLowerCase() instead of toUpperCase().`;
  return `${where} (${root.path}:${root.line}) looks up ${table}[${normalizer}(${argument})], which finds no entry for the value the test passes; check ${normalizer} against the keys of ${table}.`;
}

function categoryOf(failure: LogFailure): TriageFindings["category"] {
  const message = failure.errorMessage ?? "";
  if (failure.passedOnRerun) return "flaky";
  if (/ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EACCES|ENOSPC|out of memory/i.test(message)) return "environment";
  if (/Cannot find (module|package)|ERR_MODULE_NOT_FOUND|npm ERR!/i.test(message)) return "dependency";
  return failure.recentChange ? "regression" : null;
}

/** The triage's conclusions from the log lines and source files read so far. */
export function triageFindings(view: ConversationView): TriageFindings {
  const logLines = [...view.readFiles.entries()]
    .filter(([path]) => /\.(log|txt)$/.test(path))
    .flatMap(([, lines]) => lines);
  const failure = readLogFailure(logLines);
  const frames = frameLines(view, failure);
  const assigned = assignmentOf(view, failure);
  const rootCause = assigned ?? frames[0] ?? closestWordsLine(view, failure);
  const location = failure.location
    ? {
        path: toWorkspacePath(failure.location.path, view.listedFiles),
        line: failure.location.line,
        text: "",
      }
    : undefined;
  const decoy = assigned ? location : (frames.find((frame) => frame.path !== rootCause?.path) ?? location);
  const suggestedFix =
    rootCause && !assigned && frames[0] ? explainUndefinedLookup(view, rootCause, failure) : null;
  return {
    failure,
    logRead: logLines.length > 0,
    rootCause,
    decoy,
    category: categoryOf(failure),
    suggestedFix,
  };
}
