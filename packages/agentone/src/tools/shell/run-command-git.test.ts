import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RealClock } from "../../core/clock/index.js";
import { defaultCommandAllowlist } from "./command-allowlist.js";
import { createRunCommandTool } from "./run-command.js";

let base: string;
let root: string;
let marker: string;

const environment = { PATH: process.env.PATH ?? "", HOME: "/nonexistent-home" };

beforeEach(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), "agentone-run-git-")));
  root = path.join(base, "workspace");
  marker = path.join(base, "planted-program-ran");
  await mkdir(root);
  await writeFile(path.join(root, "a.txt"), "one\n");
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

function git(...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", ...args], {
    cwd: root,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", HOME: base, GIT_CONFIG_NOSYSTEM: "1" },
  });
}

async function initRepository(): Promise<void> {
  git("init", "-q", "-b", "main");
  git("add", "a.txt");
  git("commit", "-q", "-m", "first");
}

/** A directory the model can write with write_file: git takes it for a repository whose fsmonitor is a program. */
async function plantRepository(directory: string): Promise<void> {
  await mkdir(path.join(directory, "objects"), { recursive: true });
  await mkdir(path.join(directory, "refs"), { recursive: true });
  await writeFile(path.join(directory, "HEAD"), "ref: refs/heads/main\n");
  await writeFile(
    path.join(directory, "config"),
    `[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tworktree = .\n\tfsmonitor = "touch ${marker}; false"\n`,
  );
}

function run(raw: Record<string, unknown>) {
  const tool = createRunCommandTool({ allowlist: defaultCommandAllowlist, environment });
  return tool.execute(tool.inputSchema.parse(raw), {
    workspaceRoot: root,
    signal: new AbortController().signal,
    clock: new RealClock(),
    idempotencyKey: "test-call",
  });
}

describe("run_command: git runs only in the workspace's own repository, with no configured programs", () => {
  it("the planted repository really runs its fsmonitor program when git finds it on its own", async () => {
    // The attack this file guards against, shown working against bare git (so the tests below can fail).
    await plantRepository(root);
    execFileSync("git", ["status"], { cwd: root, env: { PATH: process.env.PATH ?? "", HOME: base } });
    expect(existsSync(marker)).toBe(true);
  });

  it("refuses git at a workspace root without .git, where a planted repository would be found", async () => {
    await plantRepository(root);
    await expect(run({ command: ["git", "status"] })).rejects.toMatchObject({
      reason: "command_not_allowed",
      message: expect.stringContaining("has no .git directory"),
    });
    expect(existsSync(marker)).toBe(false);
  });

  it("ignores a planted repository in a subdirectory of a real one (cwd: sub)", async () => {
    await initRepository();
    await plantRepository(path.join(root, "sub"));
    const output = await run({ command: ["git", "status", "--short"], cwd: "sub" });
    expect(existsSync(marker)).toBe(false);
    expect(output.metadata).toMatchObject({ exitCode: 0 });
    // The workspace's repository answered: the planted files are untracked files in it.
    expect(output.content).toContain("?? ./");
    const diff = await run({ command: ["git", "diff"], cwd: "sub" });
    expect(diff.metadata).toMatchObject({ exitCode: 0 });
    expect(existsSync(marker)).toBe(false);
  });

  it("refuses a repository whose own config names a program", async () => {
    await initRepository();
    git("config", "core.fsmonitor", `touch ${marker}; false`);
    await expect(run({ command: ["git", "status"] })).rejects.toMatchObject({
      reason: "command_not_allowed",
      message: expect.stringContaining("sets core.fsmonitor"),
    });
    git("config", "--unset", "core.fsmonitor");
    git("config", "filter.evil.clean", `touch ${marker}; cat`);
    await writeFile(path.join(root, ".gitattributes"), "*.txt filter=evil\n");
    await expect(run({ command: ["git", "diff"] })).rejects.toMatchObject({
      message: expect.stringContaining("sets filter.evil.clean"),
    });
    expect(existsSync(marker)).toBe(false);
  });

  it("reads no global config (HOME's .gitconfig)", async () => {
    await initRepository();
    const home = path.join(base, "home");
    await mkdir(home);
    await writeFile(path.join(home, ".gitconfig"), `[core]\n\tfsmonitor = "touch ${marker}; false"\n`);
    const tool = createRunCommandTool({ environment: { ...environment, HOME: home } });
    const output = await tool.execute(tool.inputSchema.parse({ command: ["git", "status"] }), {
      workspaceRoot: root,
      signal: new AbortController().signal,
      clock: new RealClock(),
      idempotencyKey: "test-call",
    });
    expect(output.metadata).toMatchObject({ exitCode: 0 });
    expect(existsSync(marker)).toBe(false);
  });

  it("runs read-only subcommands and shows their output", async () => {
    await initRepository();
    await writeFile(path.join(root, "a.txt"), "two\n");
    const diff = await run({ command: ["git", "diff", "a.txt"] });
    expect(diff.content).toContain("-one\n+two");
    const log = await run({ command: ["git", "log", "--oneline"] });
    expect(log.content).toContain("first");
  });

  it.each([
    ["a subcommand that writes", ["git", "log", "--output=out.txt"]],
    ["an external diff", ["git", "diff", "--ext-diff"]],
    ["textconv", ["git", "diff", "--textconv"]],
    ["signature checking", ["git", "log", "--show-signature"]],
  ])("refuses options that write or start programs: %s", async (_label, command) => {
    await initRepository();
    await expect(run({ command })).rejects.toMatchObject({ reason: "command_not_allowed" });
    expect(existsSync(path.join(root, "out.txt"))).toBe(false);
  });

  it("refuses subcommands that are not read-only, even when the allowlist has them", async () => {
    await initRepository();
    const tool = createRunCommandTool({ allowlist: [["git"]], environment });
    for (const command of [
      ["git", "-c", `core.pager=touch ${marker}`, "log"],
      ["git", "config", "core.fsmonitor", "x"],
      ["git", "commit", "-m", "x"],
    ]) {
      await expect(
        tool.execute(tool.inputSchema.parse({ command }), {
          workspaceRoot: root,
          signal: new AbortController().signal,
          clock: new RealClock(),
          idempotencyKey: "test-call",
        }),
      ).rejects.toMatchObject({ reason: "command_not_allowed" });
    }
    expect(git("config", "--list")).not.toContain("fsmonitor");
    expect(existsSync(marker)).toBe(false);
  });

  it("describes for the approval prompt the command that really runs", () => {
    const tool = createRunCommandTool();
    const described = tool.describeCall?.({ command: ["git", "status"], cwd: "." }) ?? "";
    expect(described).toContain("-c core.fsmonitor=false");
    expect(described).toContain(`core.hooksPath=`);
    expect(described).toContain("GIT_DIR=<workspace>/.git");
    expect(tool.describeCall?.({ command: ["npm", "test"], cwd: "." })).toBe("runs: npm test");
  });
});
