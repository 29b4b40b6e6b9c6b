import type { ConversationView } from "../conversation-view.js";

/** Directories named in the goal that exist in the listing, in the order the goal names them. */
export function goalDirectories(view: ConversationView): string[] {
  const named = [...view.goal.matchAll(/(?<![\w./-])([\w.-]+(?:\/[\w.-]+)*)\/?(?=[\s,.;:)]|$)/g)]
    .map((match) => (match[1] ?? "").replace(/\.$/, ""))
    .filter((name) => name.length > 1);
  const directories = named.filter((name) => view.listedFiles.some((file) => file.startsWith(`${name}/`)));
  return [...new Set(directories)];
}

/** Listed files under a directory. */
export function filesUnder(view: ConversationView, directory: string): string[] {
  return view.listedFiles.filter((file) => file.startsWith(`${directory}/`));
}

/** The highest version number (x.y.z) in a text, or null. */
export function highestVersion(text: string): string | null {
  const versions = [...text.matchAll(/\b(\d+)\.(\d+)\.(\d+)\b/g)].map((match) => ({
    text: match[0],
    key: Number(match[1]) * 1e6 + Number(match[2]) * 1e3 + Number(match[3]),
  }));
  return versions.sort((left, right) => right.key - left.key)[0]?.text ?? null;
}

/** Whether a path is source code the model may change (not tests, not vendored or installed packages). */
export function isCodePath(path: string): boolean {
  return /\.[cm]?[jt]sx?$/.test(path);
}
