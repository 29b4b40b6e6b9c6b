import { type ApiChange, optionsChange, parseSignature } from "./api-change.js";

/** The changelog's section for `version` (its heading to the next heading of the same level). */
function versionSection(text: string, version: string | null): string[] {
  const lines = text.split("\n");
  const start = lines.findIndex(
    (line) => /^#{1,3}\s/.test(line) && (version === null || line.includes(version)),
  );
  if (start < 0) return [];
  const level = /^#+/.exec(lines[start] ?? "")?.[0].length ?? 2;
  const end = lines.findIndex((line, index) => index > start && new RegExp(`^#{1,${level}}\\s`).test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** Bullets with their wrapped continuation lines joined; sub-sections named "unchanged" or "added" skipped. */
function bullets(section: readonly string[]): string[] {
  const items: string[] = [];
  let skipping = false;
  for (const line of section) {
    if (/^#+\s/.test(line)) {
      skipping = /unchanged|added|new features|fixed/i.test(line);
      continue;
    }
    if (skipping) continue;
    if (/^\s*[-*]\s+/.test(line)) items.push(line.replace(/^\s*[-*]\s+/, ""));
    else if (/^\s+\S/.test(line) && items.length > 0) items[items.length - 1] += ` ${line.trim()}`;
  }
  return items;
}

function changeOf(bullet: string): ApiChange | null {
  const spans = [...bullet.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? "");
  const signatures = spans.map(parseSignature).filter((signature) => signature !== null);
  const [first, second] = signatures;
  if (first && second && first.name !== second.name && /renam|is now|became|replaced/i.test(bullet))
    return { kind: "rename", from: first.name, to: second.name };
  if (first && second && first.name === second.name)
    return optionsChange(first.name, first.parameters, second.parameters);
  const named = first?.name ?? spans.find((span) => /^\w+$/.test(span));
  if (named && /removed|no longer (exported|available)/i.test(bullet))
    return { kind: "removed", functionName: named };
  return null;
}

/**
 * Reads the breaking API changes of one release from a changelog: renames ("`a(x)` was renamed `b(x)`")
 * and arguments moved into an options object ("`f(x, y)` is now `f(x, { y })`").
 *
 * @example
 * ```ts
 * changelogChanges("## 2.0.0\n- `wordCount(text)` was renamed `countWords(text)`.\n", "2.0.0");
 * // [{ kind: "rename", from: "wordCount", to: "countWords" }]
 * ```
 */
export function changelogChanges(text: string, version: string | null): ApiChange[] {
  return bullets(versionSection(text, version))
    .map(changeOf)
    .filter((change): change is ApiChange => change !== null);
}
