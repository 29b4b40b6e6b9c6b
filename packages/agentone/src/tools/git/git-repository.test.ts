import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RealClock } from "../../core/clock/index.js";
import type { AnyTool } from "../tool.js";
import { createGitTools } from "./index.js";

let base: string;

beforeEach(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), "agentone-git-repository-")));
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const environment = () => ({ PATH: process.env.PATH ?? "", HOME: base });

function git(cwd: string, args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    env: { ...environment(), GIT_CONFIG_NOSYSTEM: "1" },
    encoding: "utf8",
  });
}

function call(tool: AnyTool, options: { root: string; raw?: Record<string, unknown>; signal?: AbortSignal }) {
  return tool.execute(tool.inputSchema.parse(options.raw ?? { message: "m" }), {
    workspaceRoot: options.root,
    signal: options.signal ?? new AbortController().signal,
    clock: new RealClock(),
    idempotencyKey: "test-call",
  });
}

/** A directory holding a fake `git` that records it started, then sleeps. */
async function sleepingGit(): Promise<{ bin: string; started: string }> {
  const bin = path.join(base, "bin");
  const started = path.join(base, "git.started");
  await mkdir(bin);
  await writeFile(path.join(bin, "git"), `#!/bin/sh\ntouch '${started}'\nexec sleep 100\n`);
  await chmod(path.join(bin, "git"), 0o755);
  return { bin, started };
}

describe.each(createGitTools().map((tool) => [tool.name] as const))("%s refuses", (name) => {
  const tool = () =>
    createGitTools({ environment: environment() }).find((each) => each.name === name) as AnyTool;

  it("a workspace that is not a git repository", async () => {
    const root = path.join(base, "plain");
    await mkdir(root);
    await writeFile(path.join(root, "a.txt"), "a\n");
    const error = await call(tool(), { root }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ reason: "failed" });
    expect((error as Error).message).toContain("The workspace is not a git repository");
    expect(existsSync(path.join(root, ".git"))).toBe(false);
  });

  it("a workspace inside a parent repository (its other files are outside the workspace)", async () => {
    const parent = path.join(base, "parent");
    const root = path.join(parent, "workspace");
    await mkdir(root, { recursive: true });
    git(parent, ["init", "-q", "-b", "main"]);
    await writeFile(path.join(parent, "outside.txt"), "outside\n");
    await writeFile(path.join(root, "inside.txt"), "inside\n");
    await expect(call(tool(), { root })).rejects.toMatchObject({ reason: "failed" });
    expect(git(parent, ["status", "--short"])).toBe("?? outside.txt\n?? workspace/\n");
  });
});

describe("git tools", () => {
  it("ignore GIT_DIR and other git variables in the environment", async () => {
    const root = path.join(base, "repo");
    const other = path.join(base, "other");
    await mkdir(root);
    await mkdir(other);
    git(root, ["init", "-q", "-b", "main"]);
    git(other, ["init", "-q", "-b", "other"]);
    await writeFile(path.join(root, "mine.txt"), "mine\n");
    const tools = createGitTools({
      environment: { ...environment(), GIT_DIR: path.join(other, ".git"), GIT_WORK_TREE: other },
    });
    const status = tools.find((tool) => tool.name === "git_status") as AnyTool;
    expect((await call(status, { root, raw: {} })).content).toContain("?? mine.txt");
  });

  it("report a missing git binary", async () => {
    const root = path.join(base, "repo");
    await mkdir(root);
    const [status] = createGitTools({ environment: { PATH: path.join(base, "empty-bin"), HOME: base } });
    await expect(call(status as AnyTool, { root, raw: {} })).rejects.toMatchObject({
      reason: "failed",
      message: "git is not installed (no `git` on PATH).",
    });
  });

  it("stop git at the timeout", async () => {
    const root = path.join(base, "repo");
    await mkdir(root);
    const { bin } = await sleepingGit();
    const [status] = createGitTools({
      environment: { PATH: `${bin}:${process.env.PATH}`, HOME: base },
      timeoutMs: 300,
    });
    await expect(call(status as AnyTool, { root, raw: {} })).rejects.toMatchObject({ reason: "timeout" });
  });

  it("stop git when the call is aborted, rejecting with the reason", async () => {
    const root = path.join(base, "repo");
    await mkdir(root);
    const { bin, started } = await sleepingGit();
    const [status] = createGitTools({ environment: { PATH: `${bin}:${process.env.PATH}`, HOME: base } });
    const controller = new AbortController();
    const pending = call(status as AnyTool, { root, raw: {}, signal: controller.signal });
    for (let attempt = 0; attempt < 400 && !existsSync(started); attempt++) await delay(25);
    controller.abort(new Error("the run was killed"));
    await expect(pending).rejects.toThrow("the run was killed");
  });
});
