import { execFile } from "node:child_process";
import { lstat } from "node:fs/promises";
import { devNull } from "node:os";
import path from "node:path";
import { ToolError } from "../../core/errors/index.js";
import { gitSafetyOptions } from "../git/run-git.js";

/**
 * The git subcommands `run_command` may start: they read the repository and change nothing. Anything
 * else (commit, checkout, config, fetch, ...) either writes, reaches the network or runs configured
 * programs; the git tools cover what a run needs of those.
 */
export const readOnlyGitSubcommands: ReadonlySet<string> = new Set([
  "status",
  "diff",
  "log",
  "show",
  "ls-files",
  "blame",
  "shortlog",
]);

// Options of those subcommands that write a file or start a program (an external diff, a textconv
// filter, gpg, a pager), by name; `--name=value` forms are matched by their name.
const refusedOptions = new Set([
  "--output",
  "--ext-diff",
  "--textconv",
  "--show-signature",
  "--open-files-in-pager",
  "--exec",
  "--upload-pack",
]);

// Overrides on top of the git tools' own (`gitSafetyOptions`): no pager even for subcommands that ask
// for one, and no signature checking (which starts gpg.program).
const extraSafetyOptions = ["-c", "core.pager=cat", "-c", "log.showSignature=false"];

// Per subcommand, switched off explicitly as well (the repository's config is checked too, below).
const noDrivers: Record<string, readonly string[]> = {
  diff: ["--no-ext-diff", "--no-textconv"],
  log: ["--no-ext-diff", "--no-textconv"],
  show: ["--no-ext-diff", "--no-textconv"],
  blame: ["--no-textconv"],
};

/**
 * Config keys git documents as naming a program it starts (or a file of more config), matched against
 * the lower-cased key as `git config --list --name-only` prints it.
 */
const programKeyPatterns: readonly RegExp[] = [
  /^core\.(fsmonitor|pager|editor|sshcommand|askpass|hookspath|gitproxy|alternaterefscommand)$/,
  /^sequence\.editor$/,
  /^diff\.external$/,
  /^(diff|merge|filter|difftool|mergetool|browser|man|trailer)\..+\.(textconv|command|cmd|driver|clean|smudge|process|path)$/,
  /^gpg\.(.+\.)?program$/,
  /^credential\.(.+\.)?helper$/,
  /^(alias|pager|hook|sendemail|instaweb)\./,
  /^(include|includeif\..+)\.path$/,
  /^uploadpack\.packobjectshook$/,
  /^remote\..+\.(uploadpack|receivepack|vcs)$/,
  /^submodule\..+\.update$/,
  /^protocol\.(.+\.)?allow$/,
  /^web\.browser$/,
  /^interactive\.difffilter$/,
];

/** True when a git config key (as git lists it) names a program git would start, or more config to read. */
export function isProgramConfigKey(key: string): boolean {
  const lower = key.toLowerCase();
  return programKeyPatterns.some((pattern) => pattern.test(lower));
}

function optionName(argument: string): string {
  const equals = argument.indexOf("=");
  return equals < 0 ? argument : argument.slice(0, equals);
}

function refuse(message: string): ToolError {
  return new ToolError(
    "command_not_allowed",
    `${message} (The git_status, git_diff and git_log tools need no approval.)`,
  );
}

/** Subcommand and options: read-only, with nothing that writes a file or starts a program. */
function checkGitArguments(command: readonly string[]): string {
  const subcommand = command[1];
  if (subcommand === undefined || !readOnlyGitSubcommands.has(subcommand)) {
    throw refuse(
      `run_command runs git only as one of ${[...readOnlyGitSubcommands].join(", ")}, with the subcommand ` +
        `right after "git" (no global options), got ${JSON.stringify(subcommand ?? "")}.`,
    );
  }
  for (const argument of command.slice(2)) {
    if (argument === "--") break;
    if (refusedOptions.has(optionName(argument))) {
      throw refuse(`The git option ${JSON.stringify(argument)} writes a file or starts another program.`);
    }
  }
  return subcommand;
}

/** The workspace's own repository: `<root>/.git`, a real directory (not a link, not a gitfile). */
async function workspaceGitDirectory(root: string): Promise<string> {
  const gitDirectory = path.join(root, ".git");
  const info = await lstat(gitDirectory).catch(() => undefined);
  if (info?.isDirectory()) return gitDirectory;
  const what = info === undefined ? "has no .git directory" : "has a .git that is not a directory";
  throw refuse(
    `The workspace root ${what}; run_command runs git only in the workspace's own repository, never in ` +
      "one git would find elsewhere (a directory the model wrote can look like a repository).",
  );
}

function listConfigKeys(options: {
  file: string;
  cwd: string;
  environment: Record<string, string>;
  signal: AbortSignal;
}): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    execFile(
      "git",
      ["config", "--file", options.file, "--no-includes", "--list", "--name-only"],
      {
        cwd: options.cwd,
        env: options.environment,
        signal: options.signal,
        timeout: 10_000,
        encoding: "utf8",
      },
      (error, stdout) => resolve(error ? undefined : stdout.split("\n").filter((line) => line !== "")),
    );
  });
}

/**
 * Refuses a repository whose own config names a program (`core.fsmonitor`, `filter.<driver>.clean`,
 * `diff.<driver>.textconv`, `alias.*`, ...): its files are inside the workspace, and `-c` cannot
 * switch off every driver by name. System and global config are not read at all.
 */
async function refuseProgramConfig(options: {
  gitDirectory: string;
  root: string;
  environment: Record<string, string>;
  signal: AbortSignal;
}): Promise<void> {
  for (const name of ["config", "config.worktree"]) {
    const file = path.join(options.gitDirectory, name);
    const exists = await lstat(file).then(
      (info) => info.isFile(),
      () => false,
    );
    if (!exists) continue;
    const keys = await listConfigKeys({ ...options, file, cwd: options.root });
    if (keys === undefined) throw refuse(`git could not read the repository's .git/${name}.`);
    const programKey = keys.find(isProgramConfigKey);
    if (programKey !== undefined) {
      throw refuse(
        `The repository's .git/${name} sets ${programKey}, which makes git start a program; run_command ` +
          "does not run git in such a repository.",
      );
    }
  }
}

/** A git command made safe to start: its full argv after "git" and its environment. */
export interface GitInvocation {
  arguments: string[];
  environment: Record<string, string>;
}

/**
 * How `run_command` runs an allowlisted `git ...` command: only a read-only subcommand, in the
 * workspace's own repository (`GIT_DIR` and `GIT_WORK_TREE` pinned, so a directory the model filled
 * with `HEAD`, `config` and `objects/` is never taken for one), with no system or global config, the
 * repository's own config refused if it names a program, and the git tools' overrides (no hooks,
 * fsmonitor, pager, colour) plus no external diff, textconv or signature checking.
 *
 * @example
 * ```ts
 * const git = await prepareGitCommand({ root, command: ["git", "status"], environment, signal });
 * spawn("git", git.arguments, { env: git.environment });
 * ```
 */
export async function prepareGitCommand(options: {
  root: string;
  command: readonly string[];
  environment: Record<string, string>;
  signal: AbortSignal;
}): Promise<GitInvocation> {
  const subcommand = checkGitArguments(options.command);
  const gitDirectory = await workspaceGitDirectory(options.root);
  const environment: Record<string, string> = {};
  // Whatever git variables the operator kept, none may redirect git or add config.
  for (const [name, value] of Object.entries(options.environment)) {
    if (!name.toUpperCase().startsWith("GIT_")) environment[name] = value;
  }
  Object.assign(environment, {
    GIT_DIR: gitDirectory,
    GIT_WORK_TREE: options.root,
    GIT_CEILING_DIRECTORIES: path.dirname(options.root),
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: devNull,
    GIT_TERMINAL_PROMPT: "0",
    GIT_OPTIONAL_LOCKS: "0",
  });
  await refuseProgramConfig({ gitDirectory, root: options.root, environment, signal: options.signal });
  return { arguments: gitArguments(subcommand, options.command.slice(2)), environment };
}

/**
 * The safety options, the subcommand, its `--no-...` switches, then the caller's arguments. git takes
 * no option after a path, so the switches go first; the options they undo are refused by name above
 * (this git version does not take abbreviations of them).
 */
function gitArguments(subcommand: string, rest: readonly string[]): string[] {
  return [...gitSafetyOptions, ...extraSafetyOptions, subcommand, ...(noDrivers[subcommand] ?? []), ...rest];
}

/**
 * The command line `run_command` really starts for `command`, for the approval prompt: for git, with
 * its safety options; for anything else, the argv as given.
 *
 * @example
 * ```ts
 * describeCommand(["git", "status"]);
 * // "git --no-pager ... -c core.fsmonitor=false ... status (GIT_DIR=<workspace>/.git, no system or global config)"
 * ```
 */
export function describeCommand(command: readonly string[]): string {
  const [program, subcommand, ...rest] = command;
  if (program !== "git" || subcommand === undefined || !readOnlyGitSubcommands.has(subcommand)) {
    return command.join(" ");
  }
  const argv = ["git", ...gitArguments(subcommand, rest)];
  return `${argv.join(" ")} (GIT_DIR=<workspace>/.git, GIT_WORK_TREE=<workspace>, no system or global config)`;
}
