import { type ApiChange, splitArguments } from "./api-change.js";

/** The index just past the parenthesis that closes the one at `open`, or -1. */
function closingParenthesis(text: string, open: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let index = open; index < text.length; index++) {
    const character = text[index] as string;
    if (quote) {
      if (character === quote && text[index - 1] !== "\\") quote = null;
      continue;
    }
    if (character === '"' || character === "'" || character === "`") quote = character;
    else if (character === "(") depth++;
    else if (character === ")" && --depth === 0) return index + 1;
  }
  return -1;
}

/** Rewrites every call `name(...)` (not its definition) with `rewrite`, which gets the arguments. */
function rewriteCalls(source: string, name: string, rewrite: (args: string[]) => string[] | null): string {
  const pattern = new RegExp(`(?<!function\\s+|\\.)\\b${name}\\s*\\(`, "g");
  let result = "";
  let last = 0;
  for (const match of source.matchAll(pattern)) {
    const open = (match.index ?? 0) + match[0].length - 1;
    if (open < last) continue;
    const close = closingParenthesis(source, open);
    if (close < 0) continue;
    const args = splitArguments(source.slice(open + 1, close - 1));
    const next = rewrite(args);
    if (next === null) continue;
    result += `${source.slice(last, open + 1)}${next.join(", ")})`;
    last = close;
  }
  return result + source.slice(last);
}

function optionValue(change: Extract<ApiChange, { kind: "options" }>, argument: string): string {
  if (change.whenTrue === undefined || change.whenFalse === undefined)
    return argument === change.key ? `{ ${change.key} }` : `{ ${change.key}: ${argument} }`;
  const quoted = (value: string) => JSON.stringify(value);
  if (argument === "true") return `{ ${change.key}: ${quoted(change.whenTrue)} }`;
  if (argument === "false") return `{ ${change.key}: ${quoted(change.whenFalse)} }`;
  return `{ ${change.key}: ${argument} ? ${quoted(change.whenTrue)} : ${quoted(change.whenFalse)} }`;
}

/** `const x = f(a);` followed by `if (x === null) return y;` becomes a try/catch returning y. */
function catchInsteadOfNull(source: string, change: Extract<ApiChange, { kind: "throws" }>): string {
  const pattern = new RegExp(
    `^(?<indent>[ \\t]*)const (?<variable>\\w+) = (?<call>${change.functionName}\\([^\\n]*\\));\\n[ \\t]*if \\(\\k<variable> (?:===?) null\\) return (?<fallback>[^;\\n]+);`,
    "gm",
  );
  return source.replace(pattern, (...match: unknown[]) => {
    const { indent = "", variable = "", call = "", fallback = "" } = match.at(-1) as Record<string, string>;
    return `${indent}let ${variable};\n${indent}try {\n${indent}  ${variable} = ${call};\n${indent}} catch {\n${indent}  return ${fallback};\n${indent}}`;
  });
}

/** Applies one API change to a source file's call sites (and its imports, for renames). */
export function applyApiChange(source: string, change: ApiChange): string {
  switch (change.kind) {
    case "rename":
      return source.replace(new RegExp(`\\b${change.from}\\b`, "g"), change.to);
    case "options":
      return rewriteCalls(source, change.functionName, (args) => {
        const argument = args[change.index];
        if (argument === undefined || argument.startsWith("{")) return null;
        return args.map((value, index) => (index === change.index ? optionValue(change, value) : value));
      });
    case "throws":
      return catchInsteadOfNull(source, change);
    case "removed":
      return source;
  }
}

/**
 * Adapts a source file to a list of API changes.
 *
 * @example
 * ```ts
 * adaptSource('slugify(title, "-")', [{ kind: "options", functionName: "slugify", index: 1, key: "separator" }]);
 * // 'slugify(title, { separator: "-" })'
 * ```
 */
export function adaptSource(source: string, changes: readonly ApiChange[]): string {
  return changes.reduce(applyApiChange, source);
}
