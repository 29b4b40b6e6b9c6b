import { Command, CommanderError } from "commander";
import { isAgentOneError, toAgentOneError } from "../core/errors/index.js";
import { type CliIo, exitCodes } from "./cli-io.js";
import { registerApprovalCommands } from "./commands/approve-command.js";
import { registerBenchCommand } from "./commands/bench-command.js";
import { registerForkCommand } from "./commands/fork-command.js";
import { registerInspectCommands } from "./commands/inspect-commands.js";
import { registerKillCommand } from "./commands/kill-command.js";
import { registerModelsCommand } from "./commands/models-command.js";
import { registerReplayCommand } from "./commands/replay-command.js";
import { registerResumeCommand } from "./commands/resume-command.js";
import { registerRunCommand } from "./commands/run-command.js";
import { registerServeCommand } from "./commands/serve-command.js";
import { registerSimServerCommand } from "./commands/sim-server-command.js";
import { registerTenantCommands } from "./commands/tenant-commands.js";
import { registerVerifyCommand } from "./commands/verify-command.js";
import { packageVersion } from "./package-version.js";

/**
 * Runs the `agentone` command line and returns the exit code. Errors are converted here, once: a clear
 * line on stderr and the code from the error table (2 for bad usage or configuration).
 *
 * @example
 * ```ts
 * const code = await runCli(["runs"], { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = exitCodes.complete;
  const program = new Command("agentone")
    .description("AgentOne: run tool-using agent tasks under enforced budgets")
    .version(packageVersion(), "-V, --version", "print AgentOne's version")
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  registerRunCommand(program, io, setExitCode);
  registerInspectCommands(program, io);
  registerResumeCommand(program, io, setExitCode);
  registerReplayCommand(program, io, setExitCode);
  registerForkCommand(program, io, setExitCode);
  registerApprovalCommands(program, io, setExitCode);
  registerKillCommand(program, io);
  registerSimServerCommand(program, io);
  registerServeCommand(program, io);
  registerTenantCommands(program, io);
  registerModelsCommand(program, io);
  registerVerifyCommand(program, io, setExitCode);
  registerBenchCommand(program, io, setExitCode);
  for (const command of program.commands)
    command.exitOverride().configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message; help and version are not errors.
      return error.code === "commander.helpDisplayed" ||
        error.code === "commander.version" ||
        error.code === "commander.help"
        ? exitCodes.complete
        : exitCodes.usage;
    }
    const failure = toAgentOneError(error);
    io.stderr.write(`agentone: ${failure.message}\n`);
    if (!isAgentOneError(error) && io.env.AGENTONE_DEBUG)
      io.stderr.write(`${(error as Error).stack ?? ""}\n`);
    return failure.exitCode;
  }
}
