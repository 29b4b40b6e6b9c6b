import { ConfigError, ToolError } from "../../core/errors/index.js";

/** Allowed command prefixes, each an argv array: a command is allowed when its argv starts with one. */
export type CommandAllowlist = readonly (readonly string[])[];

/**
 * The conservative default: run the project's tests and look around, nothing that installs, deletes
 * or reaches the network on its own. (`npm test` still runs whatever the package's test script says.)
 *
 * @example
 * ```ts
 * const tool = createRunCommandTool({ allowlist: [...defaultCommandAllowlist, ["npx", "vitest", "run"]] });
 * ```
 */
export const defaultCommandAllowlist: CommandAllowlist = [
  ["npm", "test"],
  ["npm", "run", "test"],
  ["node", "--test"],
  ["ls"],
  ["cat"],
  ["git", "status"],
  ["git", "diff"],
  ["git", "log"],
];

/** A bare program name: letters, digits and `._+-`; no directory part, no whitespace, no shell syntax. */
export const programNamePattern = /^[A-Za-z0-9_][A-Za-z0-9._+-]*$/;

/** Renders the allowlist for the model, e.g. `"npm test", "ls"`. */
export function describeAllowlist(allowlist: CommandAllowlist): string {
  return allowlist.map((prefix) => JSON.stringify(prefix.join(" "))).join(", ");
}

function entryProblem(prefix: readonly string[]): string | undefined {
  const program = prefix[0];
  if (program === undefined) return "is empty";
  if (!programNamePattern.test(program)) {
    return `has program ${JSON.stringify(program)}, which is not a bare program name looked up on PATH`;
  }
  if (prefix.some((argument) => argument.length === 0)) return "has an empty argument";
  return undefined;
}

/**
 * Checks a configured allowlist, naming the first bad entry.
 *
 * @example
 * ```ts
 * validateAllowlist([["npm", "test"]]); // fine
 * validateAllowlist([["/bin/sh"]]); // throws ConfigError (key "allowlist[0]")
 * ```
 */
export function validateAllowlist(allowlist: CommandAllowlist): void {
  if (allowlist.length === 0) throw new ConfigError("the command allowlist is empty", { key: "allowlist" });
  for (const [index, prefix] of allowlist.entries()) {
    const problem = entryProblem(prefix);
    if (problem) {
      throw new ConfigError(`command allowlist entry ${index} ${problem}`, { key: `allowlist[${index}]` });
    }
  }
}

/**
 * Refuses a command whose argv does not start with one of the allowed prefixes; returns the longest
 * prefix it starts with (the arguments after it are the model's own).
 *
 * @example
 * ```ts
 * requireAllowedCommand(["npm", "test", "--", "--watch=false"], defaultCommandAllowlist); // ["npm", "test"]
 * requireAllowedCommand(["rm", "-rf", "."], defaultCommandAllowlist); // throws command_not_allowed
 * ```
 */
export function requireAllowedCommand(
  command: readonly string[],
  allowlist: CommandAllowlist,
): readonly string[] {
  const matching = allowlist.filter(
    (prefix) => prefix.length <= command.length && prefix.every((part, index) => command[index] === part),
  );
  const longest = matching.reduce<readonly string[] | undefined>(
    (best, prefix) => (best === undefined || prefix.length > best.length ? prefix : best),
    undefined,
  );
  if (longest) return longest;
  throw new ToolError(
    "command_not_allowed",
    `The command ${JSON.stringify(command.join(" "))} is not allowed. Allowed commands (the argv must ` +
      `start with one of these; more arguments may follow): ${describeAllowlist(allowlist)}.`,
  );
}
