import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageRoot, repositoryRoot } from "../support/cli-harness.js";
import { seedMigratedStore } from "../support/migrated-home.js";

const binary = join(packageRoot, "dist/cli/main.js");
let home: string;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "agentone-kill-"));
  await seedMigratedStore(home);
});
afterAll(() => rm(home, { recursive: true, force: true }));

function start(argv: string[]): ChildProcess {
  return spawn(process.execPath, [binary, ...argv], {
    cwd: repositoryRoot,
    env: { ...process.env, AGENTONE_HOME: home },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Resolves with the first stdout line matching `pattern` (event-driven: no sleeps). */
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

const exitCode = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

describe("agentone kill from another process", () => {
  it("stops a running run before its next step, with exit code 1", async () => {
    // The real clock makes each simulated call take seconds, so the run is still going when the kill lands.
    const run = start(["run", "--workspace", "examples/ci-failure", "--clock", "real", "--seed", "1"]);
    const ended = exitCode(run);
    const [, runId] = await waitForLine(run, /run (run_\w+)/);
    await waitForLine(run, /step {2}1 {2}plan/);
    const kill = start(["kill", runId ?? ""]);
    expect(await exitCode(kill)).toBe(0);
    expect(await ended).toBe(1);
    const events = start(["events", runId ?? "", "--json"]);
    let output = "";
    events.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    expect(await exitCode(events)).toBe(0);
    const log = output
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; status?: string; terminationReason?: string });
    // Whenever the kill landed (timing varies with the machine), no step started after it.
    const killedAt = log.findIndex((event) => event.type === "run-kill");
    expect(killedAt).toBeGreaterThan(0);
    expect(log.slice(killedAt).some((event) => event.type === "step-start")).toBe(false);
    expect(log.at(-1)).toMatchObject({ type: "run-end", status: "killed", terminationReason: "killed:run" });
  }, 60_000);

  it("Ctrl-C stops the run the same way, keeping its work", async () => {
    const run = start(["run", "--workspace", "examples/ci-failure", "--clock", "real", "--seed", "2"]);
    const ended = exitCode(run);
    const [, runId] = await waitForLine(run, /run (run_\w+)/);
    await waitForLine(run, /step {2}1 {2}plan/);
    run.kill("SIGINT");
    expect(await ended).toBe(1);
    const show = start(["show", runId ?? "", "--json"]);
    let output = "";
    show.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    expect(await exitCode(show)).toBe(0);
    expect(JSON.parse(output)).toMatchObject({ status: "killed", terminationReason: "killed:run" });
  }, 60_000);
});
