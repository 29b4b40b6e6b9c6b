import { applyPatch, createTwoFilesPatch, parsePatch } from "diff";
import type { ConversationView, PastCall } from "./conversation-view.js";

/** A file as read: its lines by number, and how many the file has. */
function readLines(call: PastCall): { lines: Map<number, string>; total: number } | null {
  const header = /^File: .+ \(lines \d+-\d+ of (\d+)\)/.exec(call.result);
  if (!header) return null;
  const lines = new Map<number, string>();
  for (const line of call.result.split("\n").slice(1)) {
    const match = /^(\d+): (.*)$/.exec(line);
    if (match) lines.set(Number(match[1]), match[2] ?? "");
  }
  return { lines, total: Number(header[1]) };
}

/** Paths a unified diff touches, without a/ and b/ prefixes. */
export function patchedPaths(patchText: string): string[] {
  try {
    return parsePatch(patchText)
      .map((patch) => patch.newFileName ?? patch.oldFileName ?? "")
      .map((name) => name.replace(/^[ab]\//, ""))
      .filter((name) => name !== "" && name !== "/dev/null");
  } catch {
    return [];
  }
}

function applyOwnPatch(content: string, patchText: string, path: string): string {
  const filePatch = parsePatch(patchText).find(
    (patch) => (patch.newFileName ?? "").replace(/^[ab]\//, "") === path,
  );
  if (!filePatch) return content;
  const next = applyPatch(content, filePatch);
  return next === false ? content : next;
}

/**
 * What the model knows of a file's content now: the lines it read (a file read whole or in windows), with
 * its own later writes and patches applied on top. Null while it has not seen the whole file. A real model
 * remembers what it wrote; it does not have to read a file again after editing it.
 */
export function knownContent(view: ConversationView, path: string): string | null {
  const lines = new Map<number, string>();
  let total = -1;
  let content: string | null = null;
  for (const call of view.calls) {
    if (call.isError) continue;
    const target = call.arguments?.path;
    if (call.name === "read_file" && target === path) {
      const read = readLines(call);
      if (!read) continue;
      if (read.total !== total) lines.clear();
      total = read.total;
      for (const [number, text] of read.lines) lines.set(number, text);
      if (lines.size === total)
        content =
          total === 0 ? "" : `${[...Array(total).keys()].map((index) => lines.get(index + 1)).join("\n")}\n`;
    } else if (call.name === "write_file" && target === path && typeof call.arguments?.content === "string") {
      content = call.arguments.content;
    } else if (call.name === "apply_patch" && content !== null && typeof call.arguments?.patch === "string") {
      if (patchedPaths(call.arguments.patch).includes(path))
        content = applyOwnPatch(content, call.arguments.patch, path);
    }
  }
  return content;
}

/** The file's content as first seen whole, before any of the model's own edits. */
export function originalContent(view: ConversationView, path: string): string | null {
  const firstEdit = view.calls.findIndex(
    (call) =>
      !call.isError &&
      ((call.name === "write_file" && call.arguments?.path === path) ||
        (call.name === "apply_patch" && patchedPaths(String(call.arguments?.patch ?? "")).includes(path))),
  );
  const before = firstEdit < 0 ? view : { ...view, calls: view.calls.slice(0, firstEdit) };
  return knownContent(before, path);
}

/**
 * A unified diff from `before` to `after` for one file, with git's a/ and b/ prefixes.
 *
 * @example
 * ```ts
 * unifiedDiff({ path: "src/a.js", before: "a\n", after: "b\n" }); // "--- a/src/a.js\n+++ b/src/a.js\n@@ ..."
 * ```
 */
export function unifiedDiff(options: { path: string; before: string; after: string }): string {
  const text = createTwoFilesPatch(
    `a/${options.path}`,
    `b/${options.path}`,
    options.before,
    options.after,
    undefined,
    undefined,
    { context: 3 },
  );
  // Drop the "Index"/"====" preamble some tools choke on; keep the file headers and hunks.
  return text.slice(text.indexOf("--- "));
}

/** Whether the model has successfully written or patched this file. */
export function hasEdited(view: ConversationView, path: string): boolean {
  return view.calls.some(
    (call) =>
      !call.isError &&
      ((call.name === "write_file" && call.arguments?.path === path) ||
        (call.name === "apply_patch" && patchedPaths(String(call.arguments?.patch ?? "")).includes(path))),
  );
}
