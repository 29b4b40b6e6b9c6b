import { ToolError } from "../../core/errors/index.js";

// Node options that load or evaluate code the argv carries or names (`--import=data:...`), change
// where options come from (`--env-file` can set NODE_OPTIONS), open a debugger anyone on the port can
// drive, or run a package.json script instead of the program.
const nodeCodeOptions = [
  "--eval",
  "--print",
  "--require",
  "--import",
  "--loader",
  "--experimental-loader",
  "--env-file",
  "--env-file-if-exists",
  "--inspect",
  "--inspect-brk",
  "--inspect-wait",
  "--inspect-port",
  "--debug-port",
  "--run",
  "--snapshot-blob",
  "--build-snapshot",
  "--openssl-config",
  "--experimental-sea-config",
  "--experimental-config-file",
];
// Short node options that take code or a module: -e, -p, -r (also inside a cluster like `-pe`).
const nodeShortCodeLetters = /^-[a-zA-Z]*[epr]/;
// The test reporters Node ships; any other value is a module to load.
const builtInTestReporters = new Set(["spec", "tap", "dot", "junit", "lcov"]);

// npm and npx options that pick the shell or the Node options scripts run with, or a config file that can.
const npmCodeOptions = [
  "--script-shell",
  "--node-options",
  "--userconfig",
  "--globalconfig",
  "--call",
  "--package",
  "-c",
  "-p",
];

/** `--Name_Of=value` → `--name-of`; npm accepts underscores for dashes and any case. */
function optionName(argument: string): string {
  const equals = argument.indexOf("=");
  const name = equals < 0 ? argument : argument.slice(0, equals);
  return name.startsWith("--") ? name.toLowerCase().replaceAll("_", "-") : name;
}

function loadsNodeCode(argument: string): boolean {
  if (!argument.startsWith("-") || argument === "-" || argument === "--") return false;
  const name = optionName(argument);
  if (name.startsWith("--")) {
    if (nodeCodeOptions.some((option) => name === option || name.startsWith(`${option}-`))) return true;
    if (name === "--test-reporter") {
      const value = argument.slice(argument.indexOf("=") + 1);
      return !argument.includes("=") || !builtInTestReporters.has(value);
    }
    return false;
  }
  return nodeShortCodeLetters.test(name);
}

function loadsNpmCode(argument: string): boolean {
  return npmCodeOptions.includes(optionName(argument)) || loadsNodeCode(argument);
}

const checks: Record<string, (argument: string) => boolean> = {
  node: loadsNodeCode,
  // npm passes arguments after `--` to the script, which is often `node ...` or a test runner on Node.
  npm: loadsNpmCode,
  npx: loadsNpmCode,
};

/**
 * Refuses arguments after the allowlisted prefix that would change what program runs: options that
 * load or evaluate code (`node --import=data:...`, `-e`, `--require`, `--loader`, ...; npm's
 * `--node-options`, `--script-shell`, and the same Node options passed to a script after `--`). An
 * option in the allowlisted prefix itself is allowed: the operator wrote it. A `--test-reporter` is
 * allowed only as one of Node's built-in reporters. Other programs are not checked here.
 *
 * @example
 * ```ts
 * refuseCodeLoadingArguments(["node", "--test", "a.test.js"], ["node", "--test"]); // fine
 * refuseCodeLoadingArguments(["node", "--test", "--import=data:text/javascript,..."], ["node", "--test"]); // throws
 * ```
 */
export function refuseCodeLoadingArguments(command: readonly string[], prefix: readonly string[]): void {
  const check = checks[command[0] ?? ""];
  if (!check) return;
  const argument = command.slice(prefix.length).find(check);
  if (argument === undefined) return;
  throw new ToolError(
    "command_not_allowed",
    `The argument ${JSON.stringify(argument)} makes ${command[0]} load or evaluate code that is not a ` +
      "workspace file the command names (or changes which program runs), so it is refused. Put the code " +
      "in a workspace file and run that (for example a test file).",
  );
}
