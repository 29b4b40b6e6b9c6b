import { execFile } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageRoot, repositoryRoot } from "../support/cli-harness.js";
import { loadsFileVariable, recordedLoads, writeLoadRecorder } from "../support/module-load-recorder.js";

const run = promisify(execFile);
const binary = join(packageRoot, "dist/cli/main.js");

/**
 * Packages a command must not load unless it uses them: the provider SDKs (loaded by a backend's first
 * call), the MCP SDK (by mounting a configured server) and prom-client (by `serve`'s metrics).
 */
const heavyPackages = ["@anthropic-ai/sdk", "openai", "@modelcontextprotocol/sdk", "prom-client"];

/** The environment variables that configure a backend, a database or a config file: none may leak in. */
const configuring = /^(OPENAI_|ANTHROPIC_|OLLAMA_|VLLM_|AGENTONE_|DATABASE_URL$)/;

let scratch: string;
let hook: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "agentone-loads-"));
  hook = await writeLoadRecorder(scratch);
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** `agentone <args>` with the home `home`, in a folder without agentone.yaml: nothing is configured. */
function agentone(
  home: string,
  args: readonly string[],
  options: { nodeOptions?: string[]; env?: object } = {},
) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !configuring.test(name)));
  return run(process.execPath, [...(options.nodeOptions ?? []), binary, ...args], {
    cwd: scratch,
    env: { ...env, AGENTONE_HOME: home, NO_COLOR: "1", ...options.env },
  });
}

/** The URLs of the modules `agentone <args>` loads, with the home `home`. */
async function modulesLoaded(home: string, args: readonly string[]): Promise<string[]> {
  const record = join(scratch, `loads-${args[0]}-${Date.now()}.txt`);
  await agentone(home, args, {
    nodeOptions: ["--import", pathToFileURL(hook).href],
    env: { [loadsFileVariable]: record },
  });
  return recordedLoads(record);
}

/** The packages under node_modules that `agentone <args>` loads, by name, with the home `home`. */
async function packagesLoaded(home: string, ...args: string[]): Promise<Set<string>> {
  const urls = await modulesLoaded(home, args);
  return new Set(
    urls.flatMap((url) => {
      const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
      return match?.[1] ? [match[1]] : [];
    }),
  );
}

describe("the modules a command loads", () => {
  it("a first run on the simulated models in a new home, then `runs` and `show`, load no provider SDK, MCP SDK or prom-client", async () => {
    const home = join(scratch, "home");
    const workspace = join(scratch, "workspace");
    await cp(join(repositoryRoot, "examples/ci-failure"), workspace, { recursive: true });
    const first = await packagesLoaded(home, "run", "--workspace", workspace);
    // The recording works: the run opened the embedded store.
    expect(first).toContain("@electric-sql/pglite");
    expect(heavyPackages.filter((name) => first.has(name))).toEqual([]);
    const runs = await packagesLoaded(home, "runs");
    expect(runs).toContain("@electric-sql/pglite");
    expect(heavyPackages.filter((name) => runs.has(name))).toEqual([]);
    const listed = JSON.parse((await agentone(home, ["runs", "--json"])).stdout) as { id: string }[];
    const shown = await packagesLoaded(home, "show", String(listed[0]?.id));
    expect(heavyPackages.filter((name) => shown.has(name))).toEqual([]);
  }, 120_000);

  it("`--help` loads commander and none of them, nor the embedded database", async () => {
    const loaded = await packagesLoaded(join(scratch, "help-home"), "--help");
    expect(loaded).toContain("commander");
    expect(heavyPackages.filter((name) => loaded.has(name))).toEqual([]);
    expect(loaded.has("@electric-sql/pglite")).toBe(false);
  });

  it("`--help` loads none of AgentOne's own store, report or replay modules: only the commands that use them do", async () => {
    const urls = await modulesLoaded(join(scratch, "help-home"), ["--help"]);
    // The recording works: the command line itself was loaded.
    expect(urls.some((url) => url.endsWith("/dist/cli/run-cli.js"))).toBe(true);
    const own = new Set(
      urls.flatMap((url) => /\/dist\/((?:store|report|engine\/replay)\/.+)$/.exec(url)?.slice(1) ?? []),
    );
    // Two small leaves stay: the count formatting, and the tenant roles that `tenant`'s options name.
    expect([...own].sort()).toEqual(["report/format.js", "store/tenants.js"]);
  });
});
