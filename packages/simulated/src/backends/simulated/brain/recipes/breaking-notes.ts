import type { ApiChange } from "./api-change.js";

function ordinal(index: number): string {
  return ["first", "second", "third", "fourth"][index] ?? `${index + 1}th`;
}

/** One line of BREAKING.md for a change. */
export function describeChange(change: ApiChange, oldName: string): string {
  switch (change.kind) {
    case "rename":
      return `\`${change.from}\` was renamed \`${change.to}\`; the old name is no longer exported.`;
    case "throws":
      return `\`${change.functionName}\` now throws a \`${change.errorName}\` for invalid input, where ${oldName} returned \`null\`.`;
    case "options": {
      const values =
        change.whenTrue !== undefined
          ? ` (\`${change.key}: "${change.whenTrue}"\` does what \`true\` did; \`"${change.whenFalse}"\` is the default)`
          : "";
      return `\`${change.functionName}\`'s ${ordinal(change.index)} argument is now an options object \`{ ${change.key} }\` instead of a positional value${values}.`;
    }
    case "removed":
      return `\`${change.functionName}\` was removed.`;
  }
}

/**
 * The BREAKING.md text for the changes from one release directory to another.
 *
 * @example
 * ```ts
 * breakingNotes({ from: "lib-v1", to: "lib-v2", changes: [{ kind: "rename", from: "a", to: "b" }] });
 * ```
 */
export function breakingNotes(options: { from: string; to: string; changes: readonly ApiChange[] }): string {
  const items = options.changes.map(
    (change, index) => `${index + 1}. ${describeChange(change, options.from)}`,
  );
  return [`# Breaking changes from ${options.from} to ${options.to}`, "", ...items, ""].join("\n");
}
