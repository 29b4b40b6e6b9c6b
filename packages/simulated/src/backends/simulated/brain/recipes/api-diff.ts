import { type ApiChange, splitArguments } from "./api-change.js";

interface ExportedFunction {
  name: string;
  parameters: string[];
  body: string;
}

/** The exported functions of a module's source: name, parameters, body (to the closing brace at column 0). */
export function exportedFunctions(source: string): ExportedFunction[] {
  const lines = source.split("\n");
  const functions: ExportedFunction[] = [];
  lines.forEach((line, index) => {
    const match = /^export function (\w+)\((.*)\)\s*\{/.exec(line);
    if (!match) return;
    const end = lines.findIndex((candidate, later) => later > index && /^}\s*$/.test(candidate));
    functions.push({
      name: match[1] ?? "",
      parameters: splitArguments(match[2] ?? ""),
      body: lines.slice(index + 1, end < 0 ? undefined : end).join("\n"),
    });
  });
  return functions;
}

const normalized = (body: string) => body.replace(/\s+/g, " ").trim();

/** A boolean parameter replaced by an options object: reads which option value does what `true` did. */
function booleanToOptions(before: ExportedFunction, after: ExportedFunction): ApiChange | null {
  for (const [index, parameter] of after.parameters.entries()) {
    const optionsName = /^(\w+)\s*=\s*\{\s*\}$/.exec(parameter)?.[1];
    const flag = /^(\w+)\s*=\s*(true|false)$/.exec(before.parameters[index] ?? "")?.[1];
    if (!optionsName || !flag) continue;
    const key = new RegExp(`${optionsName}\\.(\\w+)`).exec(after.body)?.[1];
    if (!key) continue;
    // The new code's `key === "value" ? a : b` against the old code's `flag ? a : b`.
    const oldBranch = new RegExp(`\\b${flag}\\s*\\?\\s*([^:]+?)\\s*:`).exec(before.body)?.[1];
    const newBranch = /\b\w+\s*===\s*"(\w+)"\s*\?\s*([^:]+?)\s*:/.exec(after.body);
    const fallback = new RegExp(`${optionsName}\\.${key}\\s*\\?\\?\\s*"(\\w+)"`).exec(after.body)?.[1];
    const change: ApiChange = { kind: "options", functionName: after.name, index, key };
    if (oldBranch && newBranch && oldBranch === newBranch[2] && newBranch[1] && fallback)
      return { ...change, whenTrue: newBranch[1], whenFalse: fallback === newBranch[1] ? "" : fallback };
    return change;
  }
  return null;
}

/**
 * The breaking changes between two versions of a module, read from their code: renamed functions (same body,
 * new name), removed ones, a boolean argument that became an options object, and a function that now throws
 * where it returned null.
 *
 * @example
 * ```ts
 * apiDiff("export function a(x) {\n  return x;\n}\n", "export function b(x) {\n  return x;\n}\n");
 * // [{ kind: "rename", from: "a", to: "b" }]
 * ```
 */
export function apiDiff(oldSource: string, newSource: string): ApiChange[] {
  const before = exportedFunctions(oldSource);
  const after = exportedFunctions(newSource);
  const changes: ApiChange[] = [];
  for (const old of before) {
    const current = after.find((candidate) => candidate.name === old.name);
    if (!current) {
      const renamed = after.find(
        (candidate) =>
          !before.some((other) => other.name === candidate.name) &&
          normalized(candidate.body) === normalized(old.body),
      );
      changes.push(
        renamed
          ? { kind: "rename", from: old.name, to: renamed.name }
          : { kind: "removed", functionName: old.name },
      );
      continue;
    }
    const thrown = /throw new (\w+)/.exec(current.body)?.[1];
    if (/return null\b/.test(old.body) && !/return null\b/.test(current.body) && thrown)
      changes.push({ kind: "throws", functionName: old.name, errorName: thrown });
    const options = booleanToOptions(old, current);
    if (options) changes.push(options);
  }
  return changes;
}
