/**
 * A breaking change in a library's API, as a reader of its changelog or its code understands it.
 * `options`: the argument at `index` moved into an options object under `key`; when the old argument was a
 * boolean, `whenTrue`/`whenFalse` are the option values that do what `true`/`false` did.
 */
export type ApiChange =
  | { kind: "rename"; from: string; to: string }
  | {
      kind: "options";
      functionName: string;
      index: number;
      key: string;
      whenTrue?: string;
      whenFalse?: string;
    }
  | { kind: "throws"; functionName: string; errorName: string }
  | { kind: "removed"; functionName: string };

/** The names of the functions a change is about, in old-API terms (what call sites still use). */
export function oldNames(changes: readonly ApiChange[]): string[] {
  return [
    ...new Set(changes.map((change) => (change.kind === "rename" ? change.from : change.functionName))),
  ];
}

/** Splits an argument list at its top-level commas. */
export function splitArguments(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = "";
  for (const character of text) {
    if (quote) {
      current += character;
      if (character === quote) quote = null;
      continue;
    }
    if (character === '"' || character === "'" || character === "`") quote = character;
    if ("([{".includes(character)) depth++;
    if (")]}".includes(character)) depth--;
    if (character === "," && depth === 0) {
      parts.push(current.trim());
      current = "";
      continue;
    }
    current += character;
  }
  if (current.trim() !== "") parts.push(current.trim());
  return parts;
}

/** A signature written like `name(a, b)` in docs, or null. */
export function parseSignature(text: string): { name: string; parameters: string[] } | null {
  const match = /^(\w+)\((.*)\)$/.exec(text.trim());
  return match ? { name: match[1] ?? "", parameters: splitArguments(match[2] ?? "") } : null;
}

/** Where a positional parameter became an options object: `(text, separator)` → `(text, { separator })`. */
export function optionsChange(
  functionName: string,
  before: readonly string[],
  after: readonly string[],
): ApiChange | null {
  for (const [index, parameter] of after.entries()) {
    const key = /^\{\s*(\w+)/.exec(parameter)?.[1];
    const old = before[index]?.replace(/\s*=.*$/, "");
    if (key && old && !old.startsWith("{")) return { kind: "options", functionName, index, key };
  }
  return null;
}
