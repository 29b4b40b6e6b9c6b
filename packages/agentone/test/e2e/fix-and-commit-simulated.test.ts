import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunEvent } from "../../src/core/events/run-event.js";
import { type CliResult, cliHarness, repositoryRoot } from "../support/cli-harness.js";

const run = promisify(execFile);

let cli: Awaited<ReturnType<typeof cliHarness>>;
let workspace: string;

const git = async (...args: string[]) =>
  (
    await run(
      "git",
      ["-c", "user.name=you", "-c", "user.email=you@example.com", "-c", "commit.gpgsign=false", ...args],
      { cwd: workspace },
    )
  ).stdout;

// As examples/fix-and-commit/README.md says: a copy of the example, made the top of its own git tree.
beforeAll(async () => {
  cli = await cliHarness();
  workspace = await realpath(await mkdtemp(join(tmpdir(), "agentone-fix-and-commit-simulated-")));
  await cp(join(repositoryRoot, "examples/fix-and-commit"), workspace, { recursive: true });
  await git("init", "-q");
  await git("add", "-A");
  await git("commit", "-qm", "Initial version");
});

afterAll(async () => {
  await cli?.cleanup();
  if (workspace) await rm(workspace, { recursive: true, force: true });
});

/** The tool the run stopped for, from the pending-approval list the CLI prints. */
const waitingTool = (result: CliResult) => /^ {2}call_\w+ {2}(\w+) /m.exec(result.stdout)?.[1] ?? null;

// No configuration: the built-in simulated models, the default tools, and every run_command and git_commit
// call waits for a person. The simulated models roll dice for realistic mistakes (a wrong path, a repeated
// call); the dice follow --seed, the goal and the calls made, so seed 0 (the CLI's default, which the
// README's commands use) plays the same clean run every time. Another seed may make a mistake on the way
// and ask for one more approval, or fail to fix the bug at all.
describe("the fix-and-commit example on the simulated models, through the CLI", { timeout: 120_000 }, () => {
  it("fixes the bug, runs the tests and commits, with each approval asked for and given", async () => {
    const started = await cli.run("run", "--workspace", workspace, "--seed", "0");
    expect(started.code).toBe(3);
    const runId = /^Run (\S+): awaiting_approval$/m.exec(started.stdout)?.[1] ?? "";
    expect(runId).not.toBe("");
    expect(started.stdout).toMatch(/ {2}call_\w+ {2}run_command \{"command":\["npm","test"\],"cwd":"\."\}/);
    expect(started.stdout).toContain(`Approve: agentone approve ${runId}`);
    // Nothing has run yet: the tests were only asked for.
    expect(await readFile(join(workspace, "src/pagination.js"), "utf8")).toContain("page < last;");

    // The test run before the fix, the one after it, then the commit.
    const stops = [waitingTool(started)];
    let last = started;
    while (last.code === 3 && stops.length < 8) {
      last = await cli.run("approve", runId);
      if (last.code === 3) stops.push(waitingTool(last));
    }
    expect(stops).toEqual(["run_command", "run_command", "git_commit"]);
    expect(last.code).toBe(0);
    expect(last.stdout).toContain(`Run ${runId}: completed (complete), answered`);
    expect(last.stdout).toMatch(
      /^Committed: "Fix pageNumbers: the loop stopped one short" \([0-9a-f]{7,}\)\.$/m,
    );

    // execFile rejects on a non-zero exit code, so this also says that every test passed.
    const tests = await run(process.execPath, ["--test"], { cwd: workspace });
    expect(tests.stdout).toMatch(/^\S+ pass 4$/m);
    expect(tests.stdout).toMatch(/^\S+ fail 0$/m);
    expect((await git("log", "--format=%s")).trim().split("\n")).toEqual([
      "Fix pageNumbers: the loop stopped one short",
      "Initial version",
    ]);
    expect(await git("show", "--format=", "HEAD")).toMatch(/^-.*; page < last; .*\n\+.*; page <= last; /m);
    expect((await git("status", "--porcelain")).trim()).toBe("");

    const events = (await cli.run("events", runId, "--json")).stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as RunEvent);
    const decisions = events.flatMap((event) =>
      event.type === "approval-decision" ? [[event.tool, event.decision, event.decidedBy]] : [],
    );
    expect(decisions).toEqual([
      ["run_command", "approve", "human"],
      ["run_command", "approve", "human"],
      ["git_commit", "approve", "human"],
    ]);

    // The whole run, its three approvals included, replays from its log: nothing runs, nothing is committed.
    const head = await git("rev-parse", "HEAD");
    const replay = await cli.run("replay", runId, "--verify", "--json");
    expect(replay.code).toBe(0);
    const replayed = JSON.parse(replay.stdout) as { matches: boolean; served: { toolCalls: number } };
    expect(replayed.matches).toBe(true);
    expect(replayed.served.toolCalls).toBe(events.filter((event) => event.type === "tool-result").length);
    expect(await git("rev-parse", "HEAD")).toBe(head);
  });
});
