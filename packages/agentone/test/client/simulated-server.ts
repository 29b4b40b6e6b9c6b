import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { openCliRuntime } from "../../src/cli/cli-runtime.js";
import { newApiKey } from "../../src/server/auth/api-keys.js";
import { createServerContext } from "../../src/server/server-context-builder.js";
import { type RunningServer, startServer } from "../../src/server/start-server.js";
import { repositoryRoot } from "../support/cli-harness.js";
import { seedMigratedStore } from "../support/migrated-home.js";

const run = promisify(execFile);

export interface SimulatedServer {
  url: string;
  server: RunningServer;
  /** An admin key of the `default` tenant. */
  apiKey: string;
  /** A copy of examples/fix-and-commit, the top of its own git tree, under the server's workspace root. */
  workspace: string;
  close(): Promise<void>;
}

/**
 * A server as `agentone serve` builds it with no configuration: the CLI's runtime (the built-in simulated
 * models on a virtual clock, the default tools, every run_command and git_commit call waiting for a
 * person) over an embedded store in its own AGENTONE_HOME, with one workspace root holding a copy of the
 * fix-and-commit example.
 */
export async function startSimulatedServer(): Promise<SimulatedServer> {
  const directory = await realpath(await mkdtemp(join(tmpdir(), "agentone-simulated-server-")));
  const home = join(directory, "home");
  await seedMigratedStore(home);
  const root = join(directory, "workspaces");
  const workspace = join(root, "fix-and-commit");
  await mkdir(root, { recursive: true });
  await cp(join(repositoryRoot, "examples/fix-and-commit"), workspace, { recursive: true });
  const git = (...args: string[]) =>
    run(
      "git",
      ["-c", "user.name=you", "-c", "user.email=you@example.com", "-c", "commit.gpgsign=false", ...args],
      { cwd: workspace },
    );
  await git("init", "-q");
  await git("add", "-A");
  await git("commit", "-qm", "Initial version");
  const runtime = await openCliRuntime(
    {
      stdout: { write: () => true },
      stderr: { write: () => true },
      env: { AGENTONE_HOME: home },
      cwd: directory,
    },
    { clock: "auto" },
  );
  const at = new Date().toISOString();
  await runtime.store.createTenant({ name: "default", createdAt: at });
  const { secret, record } = newApiKey({ tenant: "default", role: "admin", ids: runtime.ids, at });
  await runtime.store.createApiKey(record);
  const context = createServerContext({
    runtime,
    settings: { workspaceRoots: [root], bodyLimitBytes: 64 * 1024, maxWaitSeconds: 60 },
    log: () => {},
  });
  const server = await startServer(context, { host: "127.0.0.1", port: 0 });
  return {
    url: server.url,
    server,
    apiKey: secret,
    workspace,
    close: async () => {
      await server.stop({ graceMs: 5000 });
      await runtime.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
