import type { AnyTool } from "../tool.js";
import { createRunCommandTool, type RunCommandOptions } from "./run-command.js";

export {
  type CommandAllowlist,
  defaultCommandAllowlist,
  describeAllowlist,
  requireAllowedCommand,
  validateAllowlist,
} from "./command-allowlist.js";
export { type CappedOutput, capOutput, OutputCollector } from "./output-collector.js";
export { createRunCommandTool, type RunCommandInput, type RunCommandOptions } from "./run-command.js";
export { type ProcessResult, type RunProcessOptions, runProcess } from "./run-process.js";
export {
  type Environment,
  isSecretVariableName,
  type ScrubEnvironmentOptions,
  scrubEnvironment,
} from "./scrub-environment.js";

/**
 * The shell tools: just `run_command`, configured by `options` (allowlist, timeout, output cap,
 * environment).
 *
 * @example
 * ```ts
 * const tools = createShellTools({ allowlist: [["npm", "test"]] });
 * tools.map((tool) => tool.name); // ["run_command"]
 * ```
 */
export function createShellTools(options: RunCommandOptions = {}): AnyTool[] {
  return [createRunCommandTool(options)];
}
