import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliHarness, packageRoot } from "../support/cli-harness.js";
import { seedMigratedStore } from "../support/migrated-home.js";

const binary = join(packageRoot, "dist/cli/main.js");
let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "agentone-serve-"));
  await seedMigratedStore(join(directory, "home"));
  await mkdir(join(directory, "workspaces/demo"), { recursive: true });
  await writeFile(join(directory, "workspaces/demo/README.md"), "# demo\n");
  // No grace: a run still executing at shutdown is stopped through the kill switch at once.
  await writeFile(
    join(directory, "agentone.yaml"),
    "server:\n  workspaceRoots: [workspaces]\n  shutdownGraceMs: 0\n",
  );
});
afterAll(() => rm(directory, { recursive: true, force: true }));

function serve(): ChildProcess {
  return spawn(process.execPath, [binary, "serve", "--port", "0", "--clock", "real"], {
    cwd: directory,
    env: { ...process.env, AGENTONE_HOME: join(directory, "home"), DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Everything the server printed on stdout up to its "listening" line. */
function untilListening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      if (/listening on http:\/\/\S+/.test(buffer)) resolve(buffer);
    });
    child.on("exit", () => reject(new Error(`exited before listening: ${buffer}`)));
  });
}

const exitCode = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

describe("agentone serve", () => {
  it("prints an admin key on first start only, serves, and on SIGTERM stops runs in flight and exits 0", async () => {
    const first = serve();
    const ended = exitCode(first);
    const printed = await untilListening(first);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(printed)?.[1] ?? "";
    const key = /\n {2}(agentone_\S+)\n/.exec(printed)?.[1] ?? "";
    expect(printed).toContain("(admin, tenant default)");
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const created = await fetch(`${url}/v1/runs`, {
      method: "POST",
      headers,
      body: JSON.stringify({ goal: "Read every file and report", workspace: "demo" }),
    });
    expect(created.status).toBe(202);
    const { run } = (await created.json()) as { run: { id: string } };
    first.kill("SIGTERM");
    expect(await ended).toBe(0);

    const second = serve();
    const again = await untilListening(second);
    expect(again).not.toContain("agentone_");
    const url2 = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(again)?.[1] ?? "";
    const stopped = (await (await fetch(`${url2}/v1/runs/${run.id}`, { headers })).json()) as {
      status: string;
    };
    // The run was left in a state the store records as final: killed at the deadline (or done before it).
    expect(["killed", "completed"]).toContain(stopped.status);
    const ended2 = exitCode(second);
    second.kill("SIGINT");
    expect(await ended2).toBe(0);
  }, 240_000);
});

describe("agentone tenants and keys", () => {
  it("creates tenants and keys (shown once), lists them without secrets, and revokes keys", async () => {
    const cli = await cliHarness();
    try {
      expect((await cli.run("tenants", "create", "team-a")).code).toBe(0);
      expect((await cli.run("tenants", "create", "team-a")).stderr).toContain("exists already");
      expect((await cli.run("tenants", "create", "Team A")).code).toBe(2);
      const created = await cli.run("keys", "create", "--tenant", "team-a", "--role", "admin");
      expect(created.code).toBe(0);
      const id = /API key (key_\w+)/.exec(created.stdout)?.[1] ?? "";
      const secret = /\n {2}(agentone_\S+)\n/.exec(created.stdout)?.[1] ?? "";
      expect(secret).toMatch(/^agentone_[\w-]{43}$/);
      const listed = await cli.run("keys", "list");
      expect(listed.stdout).toContain(id);
      expect(listed.stdout).not.toContain(secret);
      expect((await cli.run("keys", "create", "--tenant", "nobody")).stderr).toContain("no tenant 'nobody'");
      expect((await cli.run("keys", "revoke", id)).code).toBe(0);
      expect((await cli.run("keys", "list", "--tenant", "team-a")).stdout).toContain("revoked");
      expect((await cli.run("tenants", "list")).stdout).toContain("team-a");
      expect((await cli.run("keys", "revoke", "key_unknown")).code).toBe(2);
    } finally {
      await cli.cleanup();
    }
  }, 240_000);
});
