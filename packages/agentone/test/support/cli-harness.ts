import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runCli } from "../../src/cli/run-cli.js";
import { seedMigratedStore } from "./migrated-home.js";

/** The repository root, for paths to examples and docs. */
export const repositoryRoot = resolve(import.meta.dirname, "../../../..");

/** The `agentone` package's root (packages/agentone), for its dist/, package.json and test fixtures. */
export const packageRoot = resolve(import.meta.dirname, "../..");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in-process with its own AGENTONE_HOME (and any extra environment); `cleanup` removes it.
 * `directory` is a scratch folder for config files. The home starts with an empty, migrated store copied
 * from global-setup's, unless `emptyHome` asks for a home that does not exist yet.
 */
export async function cliHarness(
  extraEnv: Record<string, string> = {},
  options: { emptyHome?: boolean } = {},
): Promise<{
  home: string;
  directory: string;
  run: (...argv: string[]) => Promise<CliResult>;
  cleanup: () => Promise<void>;
}> {
  const directory = await realpath(await mkdtemp(join(tmpdir(), "agentone-cli-")));
  const home = join(directory, "home");
  if (!options.emptyHome) await seedMigratedStore(home);
  return {
    home,
    directory,
    async run(...argv) {
      let stdout = "";
      let stderr = "";
      const code = await runCli(argv, {
        stdout: { write: (text: string) => (stdout += text) },
        stderr: { write: (text: string) => (stderr += text) },
        env: { AGENTONE_HOME: home, ...extraEnv },
        cwd: repositoryRoot,
      });
      return { code, stdout, stderr };
    },
    cleanup: () => rm(directory, { recursive: true, force: true }),
  };
}
