import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageRoot, repositoryRoot } from "../support/cli-harness.js";
import { seedMigratedStore } from "../support/migrated-home.js";

const binary = join(packageRoot, "dist/cli/main.js");
const databaseUrl = process.env.AGENTONE_TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The agentone binary in a home (and database) of its own. */
function cli(env: Record<string, string>) {
  const start = (argv: string[]): ChildProcess =>
    spawn(process.execPath, [binary, ...argv], {
      cwd: repositoryRoot,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
  const run = (argv: string[]): Promise<Finished> =>
    new Promise((resolve) => {
      const child = start(argv);
      let stdout = "";
      let stderr = "";
      child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("exit", (code) => resolve({ code, stdout, stderr }));
    });
  return { start, run };
}

/** Resolves with the first stdout match of `pattern` (event-driven: no sleeps). */
function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = pattern.exec(buffer);
      if (match) resolve(match);
    });
    child.on("exit", () => reject(new Error(`exited before printing ${pattern}: ${buffer}`)));
  });
}

type LoggedEvent = { type: string; status?: string; terminationReason?: string; note?: string };

async function eventsOf(agentone: ReturnType<typeof cli>, runId: string): Promise<LoggedEvent[]> {
  const { code, stdout, stderr } = await agentone.run(["events", runId, "--json"]);
  expect(stderr).toBe("");
  expect(code).toBe(0);
  return stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as LoggedEvent);
}

/** Starts a run on the real clock (each simulated call takes seconds) and SIGKILLs it during its first step. */
async function crashARun(agentone: ReturnType<typeof cli>, seed: string): Promise<string> {
  const run = agentone.start([
    "run",
    "--workspace",
    "examples/ci-failure",
    "--clock",
    "real",
    "--seed",
    seed,
  ]);
  const exited = new Promise((resolve) => run.on("exit", resolve));
  const [, runId] = await waitForLine(run, /run (run_\w+)/);
  await waitForLine(run, /step {2}1 {2}plan/);
  run.kill("SIGKILL");
  await exited;
  return runId ?? "";
}

/** What every store must show after the process executing a run was SIGKILLed. */
async function checkCrashedRunIsKillable(agentone: ReturnType<typeof cli>, seed: string): Promise<void> {
  const runId = await crashARun(agentone, seed);
  const shown = await agentone.run(["show", runId, "--json"]);
  expect(shown.stderr).toBe("");
  expect(["created", "planning", "running"]).toContain(JSON.parse(shown.stdout).status);

  const replay = await agentone.run(["replay", runId, "--verify"]);
  expect(replay.code).toBe(2);
  expect(replay.stderr).toContain(`run ${runId} has no end in its log`);
  expect(replay.stderr).toContain(`agentone kill ${runId}`);
  const early = await agentone.run(["resume", runId, "--add-steps", "5"]);
  expect(early.code).toBe(2);
  expect(early.stderr).toContain(`run ${runId} is not waiting to be resumed`);

  const kill = await agentone.run(["kill", runId]);
  expect(kill).toMatchObject({ code: 0, stdout: `Run ${runId} killed.\n` });
  const log = await eventsOf(agentone, runId);
  expect(log.find((event) => event.type === "run-kill")).toMatchObject({
    note: expect.stringContaining("the process executing the run was gone"),
  });
  expect(log.at(-1)).toMatchObject({ type: "run-end", status: "killed", terminationReason: "killed:run" });

  const resume = await agentone.run(["resume", runId, "--add-steps", "5"]);
  expect(resume.code).toBe(2);
  expect(resume.stderr).toContain(`run ${runId} has ended (killed)`);
}

describe("a run whose process was SIGKILLed, on the embedded store", () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "agentone-crash-"));
    await seedMigratedStore(home);
  });
  afterAll(() => rm(home, { recursive: true, force: true, maxRetries: 5 }));

  it("is ended by `agentone kill`, which says the process was gone", async () => {
    await checkCrashedRunIsKillable(cli({ AGENTONE_HOME: home }), "3");
  }, 300_000);
});

async function postgresUnreachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

const skipReason = await postgresUnreachable();
if (skipReason !== undefined && process.env.CI)
  throw new Error(`PostgreSQL is required in CI: ${skipReason}`);

describe.skipIf(skipReason !== undefined)("a run on PostgreSQL", () => {
  const schema = `agentone_crash_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  let home: string;
  let agentone: ReturnType<typeof cli>;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "agentone-crash-pg-"));
    await admin.query(`create schema ${schema}`);
    const url = new URL(databaseUrl);
    url.searchParams.set("options", `-c search_path=${schema}`);
    agentone = cli({ AGENTONE_HOME: home, DATABASE_URL: url.toString() });
  });
  afterAll(async () => {
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
    await rm(home, { recursive: true, force: true });
  });

  it("whose process was SIGKILLed is ended by `agentone kill`, which says the process was gone", async () => {
    await checkCrashedRunIsKillable(agentone, "4");
  }, 300_000);

  it("whose process is alive gets the kill switch and stops itself", async () => {
    const run = agentone.start([
      "run",
      "--workspace",
      "examples/ci-failure",
      "--clock",
      "real",
      "--seed",
      "5",
    ]);
    const ended = new Promise((resolve) => run.on("exit", resolve));
    const [, runId] = await waitForLine(run, /run (run_\w+)/);
    await waitForLine(run, /step {2}1 {2}plan/);
    const kill = await agentone.run(["kill", runId ?? ""]);
    expect(kill.stdout).toContain("Kill switch set");
    expect(await ended).toBe(1);
    const log = await eventsOf(agentone, runId ?? "");
    const runKill = log.find((event) => event.type === "run-kill");
    expect(runKill).toBeDefined();
    expect(runKill?.note).toBeUndefined();
    expect(log.at(-1)).toMatchObject({ type: "run-end", status: "killed" });
  }, 300_000);
});
