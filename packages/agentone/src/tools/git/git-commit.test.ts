import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, realpath, rm, symlink, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RealClock } from "../../core/clock/index.js";
import { createGitCommitTool } from "./git-commit.js";

let base: string;
let root: string;

beforeEach(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), "agentone-git-commit-")));
  root = path.join(base, "repo");
  await mkdir(path.join(root, "src"), { recursive: true });
  git(["init", "-q", "-b", "main"]);
  await writeFile(path.join(root, "src", "a.txt"), "one\n");
  await writeFile(path.join(root, "b.txt"), "bee\n");
  git(["add", "-A"]);
  git(["-c", "user.name=Test Person", "-c", "user.email=test@example.com", "commit", "-q", "-m", "First"]);
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

function git(args: string[]): string {
  const env = { PATH: process.env.PATH ?? "", HOME: base, GIT_CONFIG_NOSYSTEM: "1" };
  return execFileSync("git", args, { cwd: root, env, encoding: "utf8" });
}

function commitTool() {
  // HOME is the temp dir, so the real user's git config (and identity) is never read.
  return createGitCommitTool({ environment: { PATH: process.env.PATH ?? "", HOME: base } });
}

function call(raw: Record<string, unknown>) {
  const tool = commitTool();
  return tool.execute(tool.inputSchema.parse(raw), {
    workspaceRoot: root,
    signal: new AbortController().signal,
    clock: new RealClock(),
    idempotencyKey: "test-call",
  });
}

function lastCommit(format: string): string {
  return git(["log", "-1", `--format=${format}`]).trimEnd();
}

function status(): string {
  return git(["status", "--short"]);
}

async function hook(directory: string, name: string, body: string): Promise<void> {
  await mkdir(directory, { recursive: true });
  await writeFile(path.join(directory, name), `#!/bin/sh\n${body}\n`);
  await chmod(path.join(directory, name), 0o755);
}

describe("git_commit", () => {
  it("commits every change (new, modified, deleted) by default, as AgentOne without an identity", async () => {
    await writeFile(path.join(root, "src", "a.txt"), "one\ntwo\n");
    await writeFile(path.join(root, "new.txt"), "new\n");
    await unlink(path.join(root, "b.txt"));
    const output = await call({ message: "Change everything" });
    expect(output.content).toMatch(/^\[main [0-9a-f]+\] Change everything\n 3 files changed/);
    expect(output.metadata).toEqual({ commit: lastCommit("%H"), paths: null, truncated: false });
    expect(status()).toBe("");
    expect(lastCommit("%an <%ae>|%cn <%ce>|%s")).toBe(
      "AgentOne <agentone@localhost>|AgentOne <agentone@localhost>|Change everything",
    );
    expect(git(["show", "--name-status", "--format=", "HEAD"])).toBe("D\tb.txt\nA\tnew.txt\nM\tsrc/a.txt\n");
  });

  it("commits only the given paths", async () => {
    await writeFile(path.join(root, "src", "a.txt"), "changed\n");
    await writeFile(path.join(root, "b.txt"), "changed\n");
    await writeFile(path.join(root, "src", "new.txt"), "new\n");
    const output = await call({ message: "Only src", paths: ["src"] });
    expect(output.metadata).toMatchObject({ paths: ["src"] });
    expect(git(["show", "--name-only", "--format=", "HEAD"])).toBe("src/a.txt\nsrc/new.txt\n");
    expect(status()).toBe(" M b.txt\n");
  });

  it("stages a deletion by its path", async () => {
    await unlink(path.join(root, "b.txt"));
    await call({ message: "Remove b", paths: ["./b.txt"] });
    expect(git(["show", "--name-status", "--format=", "HEAD"])).toBe("D\tb.txt\n");
  });

  it("uses the identity the repository configures", async () => {
    git(["config", "user.name", "Repo Owner"]);
    git(["config", "user.email", "owner@example.com"]);
    await writeFile(path.join(root, "b.txt"), "changed\n");
    await call({ message: "Configured" });
    expect(lastCommit("%an <%ae>")).toBe("Repo Owner <owner@example.com>");
  });

  it("fills in only the missing half of a partial identity", async () => {
    git(["config", "user.name", "Repo Owner"]);
    await writeFile(path.join(root, "b.txt"), "changed\n");
    await call({ message: "Half configured" });
    expect(lastCommit("%an <%ae>")).toBe("Repo Owner <agentone@localhost>");
  });

  it("keeps the message as given, including one starting with a dash and a body", async () => {
    await writeFile(path.join(root, "b.txt"), "changed\n");
    await call({ message: "--amend is not an option here\n\nBody line.\n# not a comment" });
    expect(lastCommit("%B")).toBe("--amend is not an option here\n\nBody line.\n# not a comment");
    expect(git(["rev-list", "--count", "HEAD"]).trim()).toBe("2");
  });

  it("makes the first commit of an empty repository", async () => {
    await rm(path.join(root, ".git"), { recursive: true, force: true });
    git(["init", "-q", "-b", "main"]);
    const output = await call({ message: "Initial" });
    expect(output.content).toMatch(/^\[main \(root-commit\) [0-9a-f]+\] Initial/);
  });

  it("runs no hooks, neither in .git/hooks nor in a configured hooks directory", async () => {
    const marker = path.join(base, "hook.ran");
    await hook(path.join(root, ".git", "hooks"), "pre-commit", `touch '${marker}'; exit 1`);
    await hook(path.join(root, ".git", "hooks"), "post-commit", `touch '${marker}'`);
    await hook(path.join(root, ".husky"), "prepare-commit-msg", `touch '${marker}'`);
    await call({ message: "Add husky", paths: [".husky"] });
    git(["config", "core.hooksPath", ".husky"]);
    await writeFile(path.join(root, "b.txt"), "changed\n");
    await call({ message: "With hooks configured" });
    expect(existsSync(marker)).toBe(false);
    expect(lastCommit("%s")).toBe("With hooks configured");
  });

  it("does not sign commits even when the repository asks for it", async () => {
    const marker = path.join(base, "gpg.ran");
    await hook(base, "fake-gpg", `touch '${marker}'; exit 1`);
    git(["config", "commit.gpgsign", "true"]);
    git(["config", "gpg.program", path.join(base, "fake-gpg")]);
    await writeFile(path.join(root, "b.txt"), "changed\n");
    await call({ message: "Unsigned" });
    expect(existsSync(marker)).toBe(false);
  });

  it("refuses when there is nothing to commit", async () => {
    await expect(call({ message: "Nothing" })).rejects.toMatchObject({
      reason: "failed",
      message: "Nothing to commit: the working tree has no changes.",
    });
    await writeFile(path.join(root, "b.txt"), "changed\n");
    await expect(call({ message: "Nothing here", paths: ["src"] })).rejects.toMatchObject({
      reason: "failed",
      message: 'Nothing to commit: "src" have no changes.',
    });
    expect(git(["rev-list", "--count", "HEAD"]).trim()).toBe("1");
  });

  it.each([
    ["'..'", "../outside.txt"],
    ["an absolute path", "/etc/passwd"],
    ["a symlink out", "outside-link/file.txt"],
    ["git's internals", ".git/config"],
  ])("refuses a path leading outside the workspace (%s), staging nothing", async (_label, requested) => {
    await mkdir(path.join(base, "outside"));
    await symlink(path.join(base, "outside"), path.join(root, "outside-link"));
    await writeFile(path.join(root, "b.txt"), "changed\n");
    await expect(call({ message: "Escape", paths: ["b.txt", requested] })).rejects.toMatchObject({
      reason: "path_outside_workspace",
    });
    expect(status()).toBe(" M b.txt\n?? outside-link\n");
  });

  it("refuses a path git does not know, staging nothing", async () => {
    await writeFile(path.join(root, "b.txt"), "changed\n");
    await expect(call({ message: "Missing", paths: ["b.txt", "missing.txt"] })).rejects.toMatchObject({
      reason: "failed",
      message: expect.stringContaining("missing.txt"),
    });
    expect(status()).toBe(" M b.txt\n");
  });

  it.each([
    ["an empty message", { message: "" }],
    ["a blank message", { message: " \n\t" }],
    ["a message over 2000 characters", { message: "x".repeat(2001) }],
    ["a message with a NUL byte", { message: "a\0b" }],
    ["no message", {}],
    ["an empty paths list", { message: "m", paths: [] }],
    ["an empty path", { message: "m", paths: [""] }],
  ])("rejects %s at validation", (_label, raw) => {
    expect(commitTool().inputSchema.safeParse(raw).success).toBe(false);
  });

  it("accepts a message of exactly 2000 characters", () => {
    expect(commitTool().inputSchema.safeParse({ message: "x".repeat(2000) }).success).toBe(true);
  });
});
