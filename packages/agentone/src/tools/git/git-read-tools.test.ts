import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, realpath, rm, symlink, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RealClock } from "../../core/clock/index.js";
import type { AnyTool } from "../tool.js";
import { createGitDiffTool } from "./git-diff.js";
import { createGitLogTool } from "./git-log.js";
import type { GitToolsOptions } from "./git-settings.js";
import { createGitStatusTool } from "./git-status.js";

let base: string;
let root: string;

beforeEach(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), "agentone-git-read-")));
  root = path.join(base, "repo");
  await mkdir(path.join(root, "src"), { recursive: true });
  git(["init", "-q", "-b", "main"]);
  await writeFile(path.join(root, "src", "a.txt"), "one\ntwo\n");
  await writeFile(path.join(root, "b.txt"), "bee\n");
  git(["add", "-A"]);
  commit("First commit");
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

/** The tools' environment: HOME is the temp dir, so the real user's git config is never read. */
function options(extra: GitToolsOptions = {}): GitToolsOptions {
  return { environment: { PATH: process.env.PATH ?? "", HOME: base }, ...extra };
}

function git(args: string[]): string {
  const env = { PATH: process.env.PATH ?? "", HOME: base, GIT_CONFIG_NOSYSTEM: "1" };
  return execFileSync("git", args, { cwd: root, env, encoding: "utf8" });
}

function commit(message: string): void {
  git(["-c", "user.name=Test Person", "-c", "user.email=test@example.com", "commit", "-q", "-m", message]);
}

function call(tool: AnyTool, raw: Record<string, unknown> = {}) {
  return tool.execute(tool.inputSchema.parse(raw), {
    workspaceRoot: root,
    signal: new AbortController().signal,
    clock: new RealClock(),
    idempotencyKey: "test-call",
  });
}

/** A repository-configured program that leaves a marker file if git ever runs it. */
async function markerProgram(name: string): Promise<{ program: string; marker: string }> {
  const program = path.join(base, `${name}.sh`);
  const marker = path.join(base, `${name}.ran`);
  await writeFile(program, `#!/bin/sh\ntouch '${marker}'\n`);
  await chmod(program, 0o755);
  return { program, marker };
}

describe("git_status", () => {
  it("says when the working tree is clean", async () => {
    const output = await call(createGitStatusTool(options()));
    expect(output.content).toBe("## main\nWorking tree clean.");
    expect(output.metadata).toEqual({ clean: true, truncated: false });
  });

  it("lists modified, staged, deleted and untracked files with a legend", async () => {
    await writeFile(path.join(root, "src", "a.txt"), "one\ntwo\nthree\n");
    await writeFile(path.join(root, "new.txt"), "new\n");
    await writeFile(path.join(root, "staged.txt"), "staged\n");
    git(["add", "staged.txt"]);
    await unlink(path.join(root, "b.txt"));
    const output = await call(createGitStatusTool(options()));
    expect(output.content).toBe(
      "## main\n D b.txt\n M src/a.txt\nA  staged.txt\n?? new.txt\n" +
        "(XY path: X = staged, Y = not staged; M modified, A added, D deleted, R renamed, ?? untracked)",
    );
    expect(output.metadata).toMatchObject({ clean: false });
  });

  it("shows non-ASCII file names as they are", async () => {
    await writeFile(path.join(root, "café.txt"), "x\n");
    expect((await call(createGitStatusTool(options()))).content).toContain("?? café.txt");
  });

  it("does not run the repository's fsmonitor hook", async () => {
    const { program, marker } = await markerProgram("fsmonitor");
    git(["config", "core.fsmonitor", program]);
    await writeFile(path.join(root, "src", "a.txt"), "changed\n");
    expect((await call(createGitStatusTool(options()))).content).toContain(" M src/a.txt");
    expect(existsSync(marker)).toBe(false);
  });
});

describe("git_diff", () => {
  beforeEach(async () => {
    await writeFile(path.join(root, "src", "a.txt"), "one\nTWO\n");
    await writeFile(path.join(root, "b.txt"), "bee\nsting\n");
  });

  it("shows unstaged changes as a unified diff", async () => {
    const output = await call(createGitDiffTool(options()));
    expect(output.content).toContain("diff --git a/b.txt b/b.txt");
    expect(output.content).toContain("+sting");
    expect(output.content).toContain("diff --git a/src/a.txt b/src/a.txt");
    expect(output.content).toContain("-two\n+TWO");
    expect(output.metadata).toEqual({ staged: false, path: null, truncated: false });
  });

  it("limits the diff to a path", async () => {
    const output = await call(createGitDiffTool(options()), { path: "./src/a.txt" });
    expect(output.content).toContain("+TWO");
    expect(output.content).not.toContain("b.txt");
    expect(output.metadata).toMatchObject({ path: "src/a.txt" });
  });

  it("shows staged changes with staged: true", async () => {
    git(["add", "b.txt"]);
    const staged = await call(createGitDiffTool(options()), { staged: true });
    expect(staged.content).toContain("+sting");
    expect(staged.content).not.toContain("src/a.txt");
    const unstaged = await call(createGitDiffTool(options()));
    expect(unstaged.content).not.toContain("b.txt");
  });

  it("shows the diff of a deleted file by its path", async () => {
    await unlink(path.join(root, "b.txt"));
    expect((await call(createGitDiffTool(options()), { path: "b.txt" })).content).toContain(
      "deleted file mode",
    );
  });

  it("says when there is nothing to show", async () => {
    git(["add", "-A"]);
    expect((await call(createGitDiffTool(options()))).content).toBe(
      "No unstaged changes. (Untracked files do not appear here; see git_status.)",
    );
    commit("Second");
    expect((await call(createGitDiffTool(options()), { staged: true, path: "src" })).content).toBe(
      "No staged changes in src.",
    );
  });

  it("treats a path literally, not as a pattern", async () => {
    expect((await call(createGitDiffTool(options()), { path: "*.txt" })).content).toContain(
      "No unstaged changes",
    );
  });

  it("caps a long diff, keeping head and tail", async () => {
    await writeFile(
      path.join(root, "b.txt"),
      `${Array.from({ length: 500 }, (_, index) => `line ${index}`).join("\n")}\n`,
    );
    const output = await call(createGitDiffTool(options({ maxOutputCharacters: 200 })), { path: "b.txt" });
    expect(output.content).toMatch(/^diff --git a\/b.txt b\/b.txt\n/);
    expect(output.content).toMatch(/\[\.\.\. \d+ characters cut \.\.\.\]/);
    expect(output.content).toMatch(/\+line 499\n$/);
    expect(output.metadata).toMatchObject({ truncated: true });
  });

  it("does not run external diff drivers or textconv filters", async () => {
    const external = await markerProgram("external-diff");
    const textconv = await markerProgram("textconv");
    git(["config", "diff.external", external.program]);
    git(["config", "diff.marker.textconv", textconv.program]);
    await writeFile(path.join(root, ".gitattributes"), "*.txt diff=marker\n");
    expect((await call(createGitDiffTool(options()))).content).toContain("+TWO");
    expect(existsSync(external.marker)).toBe(false);
    expect(existsSync(textconv.marker)).toBe(false);
  });

  it.each([
    ["'..'", "../outside.txt"],
    ["an absolute path", "/etc/passwd"],
    ["a symlink out", "outside-link/file.txt"],
  ])("refuses a path leading outside the workspace: %s", async (_label, requested) => {
    await mkdir(path.join(base, "outside"));
    await symlink(path.join(base, "outside"), path.join(root, "outside-link"));
    await expect(call(createGitDiffTool(options()), { path: requested })).rejects.toMatchObject({
      reason: "path_outside_workspace",
    });
  });
});

describe("git_log", () => {
  it("shows recent commits newest first, one line each", async () => {
    await writeFile(path.join(root, "b.txt"), "changed\n");
    git(["add", "-A"]);
    commit("Second commit\n\nWith a body that is not shown.");
    const output = await call(createGitLogTool(options()));
    const lines = output.content.split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^[0-9a-f]{7,} \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-Z][\d:]* Test Person: Second commit$/,
    );
    expect(lines[1]).toMatch(/ Test Person: First commit$/);
    expect(output.metadata).toEqual({ commits: 2, truncated: false });
  });

  it("shows 10 by default and at most the limit", async () => {
    for (let index = 2; index <= 12; index++) {
      await writeFile(path.join(root, "b.txt"), `${index}\n`);
      git(["add", "-A"]);
      commit(`Commit ${index}`);
    }
    const byDefault = await call(createGitLogTool(options()));
    expect(byDefault.content.split("\n")).toHaveLength(10);
    expect(byDefault.content.split("\n")[0]).toMatch(/: Commit 12$/);
    expect((await call(createGitLogTool(options()), { limit: 3 })).content.split("\n")).toHaveLength(3);
  });

  it("refuses a limit over 50 or under 1", () => {
    const { inputSchema } = createGitLogTool(options());
    expect(inputSchema.safeParse({ limit: 51 }).success).toBe(false);
    expect(inputSchema.safeParse({ limit: 0 }).success).toBe(false);
    expect(inputSchema.safeParse({ limit: 2.5 }).success).toBe(false);
  });

  it("says when there are no commits yet", async () => {
    await rm(path.join(root, ".git"), { recursive: true, force: true });
    git(["init", "-q", "-b", "main"]);
    expect(await call(createGitLogTool(options()))).toEqual({
      content: "No commits yet.",
      metadata: { commits: 0, truncated: false },
    });
  });
});
