import { realpath, stat } from "node:fs/promises";
import { z } from "zod";
import { ConfigError, ToolError } from "../../core/errors/index.js";
import type { Tool } from "../tool.js";
import { resolveWorkspacePath } from "../workspace/workspace-path.js";
import { refuseCodeLoadingArguments } from "./code-loading-options.js";
import {
  type CommandAllowlist,
  defaultCommandAllowlist,
  describeAllowlist,
  requireAllowedCommand,
  validateAllowlist,
} from "./command-allowlist.js";
import { formatProcessResult } from "./format-process-result.js";
import { describeCommand, prepareGitCommand } from "./git-command.js";
import { refusePathArgumentsOutsideWorkspace } from "./path-arguments.js";
import { runProcess } from "./run-process.js";
import { type Environment, scrubEnvironment } from "./scrub-environment.js";
import { refuseShellSyntax } from "./shell-syntax.js";

export interface RunCommandOptions {
  /** Allowed argv prefixes; defaults to `defaultCommandAllowlist`. */
  allowlist?: CommandAllowlist;
  /** Real-time limit per command, after which its process group is killed. Default 120,000 ms. */
  timeoutMs?: number;
  /** Output beyond this is cut in the middle (head and tail kept). Default 16,000 characters. */
  maxOutputCharacters?: number;
  /** The environment commands start from, before scrubbing (`scrubEnvironment`). Default `process.env`. */
  environment?: Environment;
  /** Variable names to pass through besides the safe set (names that look like secrets still are not). */
  keepVariables?: readonly string[];
}

const runCommandInputSchema = z.object({
  command: z
    .array(z.string())
    .min(1)
    .max(1000)
    .describe(
      'The command as argv: the program, then each argument as its own element, e.g. ["npm", "test"].',
    ),
  cwd: z
    .string()
    .default(".")
    .describe("Directory to run in, relative to the workspace root (default: the root)."),
});

export type RunCommandInput = z.output<typeof runCommandInputSchema>;

function positiveInteger(value: number, key: string): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new ConfigError(`${key} must be a positive whole number, got ${value}`, { key });
  }
  return value;
}

async function resolveCommandDirectory(
  root: string,
  cwd: string,
): Promise<{ real: string; relative: string }> {
  const target = await resolveWorkspacePath({ root, path: cwd, purpose: "read" });
  if (!(await stat(target.absolute)).isDirectory()) {
    throw new ToolError("not_a_directory", `cwd ${JSON.stringify(target.relative)} is not a directory.`);
  }
  return { real: await realpath(target.absolute), relative: target.relative };
}

/**
 * The `run_command` tool: runs one allowlisted command in the workspace, with no shell, a scrubbed
 * environment (plus `CI=true` and `NO_COLOR=1`), stdin closed, and a timeout. A non-zero exit code is
 * a normal result (the model needs to see failing tests); so is a timeout, which returns the output so
 * far with `timedOut: true` in the metadata. Refusals (not allowlisted, shell syntax, options after the
 * allowlisted prefix that load code, paths outside the workspace or hard-linked, a bad cwd, git other
 * than read-only in the workspace's own repository) are `ToolError`s raised before anything runs.
 *
 * @example
 * ```ts
 * const tool = createRunCommandTool({ allowlist: [["npm", "test"]], timeoutMs: 60_000 });
 * const output = await tool.execute(tool.inputSchema.parse({ command: ["npm", "test"] }), context);
 * output.metadata; // { exitCode: 0, signal: null, timedOut: false, durationMs: 1234, truncated: false }
 * ```
 */
export function createRunCommandTool(options: RunCommandOptions = {}): Tool<RunCommandInput> {
  const allowlist = options.allowlist ?? defaultCommandAllowlist;
  validateAllowlist(allowlist);
  const timeoutMs = positiveInteger(options.timeoutMs ?? 120_000, "timeoutMs");
  const maxOutputCharacters = positiveInteger(options.maxOutputCharacters ?? 16_000, "maxOutputCharacters");
  return {
    name: "run_command",
    description:
      "Run one command in the workspace and see its exit code and output (stdout and stderr together). " +
      "The command is an argv array and runs without a shell: no pipes, redirections, && or variables. " +
      `It must start with one of: ${describeAllowlist(allowlist)}. ` +
      `It is killed after ${Math.round(timeoutMs / 1000)} s. A non-zero exit code is reported, not an error.`,
    inputSchema: runCommandInputSchema,
    idempotent: false,
    sideEffect: "workspace",
    requiresApproval: true,
    describeCall: (input) => `runs: ${describeCommand(input.command)}`,
    async execute(input, context) {
      context.signal.throwIfAborted();
      refuseShellSyntax(input.command);
      const prefix = requireAllowedCommand(input.command, allowlist);
      refuseCodeLoadingArguments(input.command, prefix);
      const root = await realpath(context.workspaceRoot);
      const cwd = await resolveCommandDirectory(root, input.cwd);
      await refusePathArgumentsOutsideWorkspace({ root, cwd: cwd.real, command: input.command });
      const environment = {
        ...scrubEnvironment(options.environment ?? process.env, { keep: options.keepVariables ?? [] }),
        CI: "true",
        NO_COLOR: "1",
      };
      const [program = "", ...programArguments] = input.command;
      // git finds its repository, config and helper programs from files the model can write: it gets
      // the workspace's own repository and no program-naming config, or does not run.
      const started =
        program === "git"
          ? await prepareGitCommand({ root, command: input.command, environment, signal: context.signal })
          : { arguments: programArguments, environment };
      const result = await runProcess({
        program,
        arguments: started.arguments,
        cwd: cwd.real,
        environment: started.environment,
        timeoutMs,
        maxOutputCharacters,
        signal: context.signal,
      });
      return {
        content: formatProcessResult({ command: input.command, cwd: cwd.relative, result, timeoutMs }),
        metadata: {
          exitCode: result.exitCode,
          signal: result.signal,
          timedOut: result.timedOut,
          durationMs: result.durationMs,
          truncated: result.truncated,
        },
      };
    },
  };
}
