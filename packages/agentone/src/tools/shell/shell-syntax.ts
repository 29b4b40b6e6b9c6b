import { ToolError } from "../../core/errors/index.js";
import { programNamePattern } from "./command-allowlist.js";

const noShell =
  "No shell is used: the command runs directly from its argv, so shell operators (;, &&, ||, |, >, <), " +
  "substitutions ($(...), `...`), globs and variables do not work. Run one command per call, with the " +
  'program and each argument as separate array elements, e.g. ["npm", "test"].';

const shellOperators = new Set([
  ";",
  "&&",
  "||",
  "|",
  "|&",
  "&",
  ">",
  ">>",
  "<",
  "<<",
  "<<<",
  ">&",
  "&>",
  "&>>",
  "`",
  "$(",
]);

/** Redirections glued to their target (`>out.txt`, `2>&1`, `<input.txt`) and command substitutions. */
function looksLikeShellSyntax(argument: string): boolean {
  if (shellOperators.has(argument)) return true;
  if (/^\d*>/.test(argument) || /^&>/.test(argument) || /^<[^>]*$/.test(argument)) return true;
  if (argument.startsWith("$(")) return true;
  return argument.length > 1 && argument.startsWith("`") && argument.endsWith("`");
}

function programProblem(program: string): string | undefined {
  if (programNamePattern.test(program)) return undefined;
  if (/\s/.test(program)) {
    return `The program ${JSON.stringify(program)} contains whitespace: it looks like a whole command line.`;
  }
  if (program.includes("/") || program.includes("\\")) {
    return `The program ${JSON.stringify(program)} contains a path; give its bare name (e.g. "node"), which is looked up on PATH.`;
  }
  return `The program ${JSON.stringify(program)} is not a bare program name (environment assignments and shell syntax are not supported).`;
}

/**
 * Refuses commands written as if a shell would run them: a program that is a path or a whole command
 * line, and arguments that are shell operators, redirections or substitutions. Text inside an
 * argument is otherwise passed through verbatim (a `node -e` script may contain `|` or `$`).
 *
 * @example
 * ```ts
 * refuseShellSyntax(["npm", "test"]); // fine
 * refuseShellSyntax(["npm", "test", "&&", "ls"]); // throws command_not_allowed
 * ```
 */
export function refuseShellSyntax(command: readonly string[]): void {
  if (command.some((argument) => argument.includes("\0"))) {
    throw new ToolError("invalid_arguments", "A command argument contains a NUL byte.");
  }
  const program = command[0] ?? "";
  const problem = programProblem(program);
  if (problem) throw new ToolError("command_not_allowed", `${problem} ${noShell}`);
  const syntax = command.slice(1).find(looksLikeShellSyntax);
  if (syntax !== undefined) {
    throw new ToolError(
      "command_not_allowed",
      `The argument ${JSON.stringify(syntax)} is shell syntax. ${noShell}`,
    );
  }
}
