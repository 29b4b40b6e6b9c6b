import { lstat, mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RealClock } from "../../core/clock/index.js";
import { writeFileTool } from "./write-file.js";

let base: string;
let root: string;
let outside: string;

beforeEach(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), "agentone-write-")));
  root = path.join(base, "workspace");
  outside = path.join(base, "outside");
  await mkdir(path.join(root, ".git"), { recursive: true });
  await mkdir(outside);
  await writeFile(path.join(root, ".git", "config"), "[core]\n");
  await writeFile(path.join(outside, "secret.txt"), "top secret\n");
  await symlink(path.join(outside, "secret.txt"), path.join(root, "secret-link"));
  await symlink(outside, path.join(root, "outside-dir"));
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

function write(raw: Record<string, unknown>) {
  return writeFileTool.execute(writeFileTool.inputSchema.parse(raw), {
    workspaceRoot: root,
    signal: new AbortController().signal,
    clock: new RealClock(),
    idempotencyKey: "test-call",
  });
}

async function expectOutsideUntouched() {
  expect((await readdir(base)).sort()).toEqual(["outside", "workspace"]);
  expect(await readdir(outside)).toEqual(["secret.txt"]);
  expect(await readFile(path.join(outside, "secret.txt"), "utf8")).toBe("top secret\n");
  expect(await readFile(path.join(root, ".git", "config"), "utf8")).toBe("[core]\n");
}

describe("write_file", () => {
  it("creates a file and its parent directories", async () => {
    const output = await write({ path: "notes/deep/todo.md", content: "- ship\n" });
    expect(output.content).toBe("Wrote 7 bytes to notes/deep/todo.md (created)");
    expect(output.metadata).toEqual({ path: "notes/deep/todo.md", previousContent: null });
    expect(await readFile(path.join(root, "notes", "deep", "todo.md"), "utf8")).toBe("- ship\n");
  });

  it("overwrites a file, keeping its previous content in metadata", async () => {
    await writeFile(path.join(root, "a.txt"), "old\n");
    const output = await write({ path: "a.txt", content: "héllo" });
    expect(output.content).toBe("Wrote 6 bytes to a.txt (overwrote)");
    expect(output.metadata).toEqual({ path: "a.txt", previousContent: "old\n" });
    expect(await readFile(path.join(root, "a.txt"), "utf8")).toBe("héllo");
  });

  it("drops previous content over 256 KiB or binary", async () => {
    await writeFile(path.join(root, "big.txt"), "x".repeat(256 * 1024 + 1));
    expect((await write({ path: "big.txt", content: "small" })).metadata).toEqual({
      path: "big.txt",
      previousContent: null,
      previousTooLarge: true,
    });
    await writeFile(path.join(root, "blob.bin"), Buffer.from([1, 0, 2]));
    expect((await write({ path: "blob.bin", content: "text" })).metadata).toMatchObject({
      previousContent: null,
      previousTooLarge: true,
    });
  });

  it("writes through a symlink that stays inside the workspace", async () => {
    await writeFile(path.join(root, "real.txt"), "before");
    await symlink(path.join(root, "real.txt"), path.join(root, "inner-link"));
    await write({ path: "inner-link", content: "after" });
    expect(await readFile(path.join(root, "real.txt"), "utf8")).toBe("after");
  });

  it("refuses directories", async () => {
    await mkdir(path.join(root, "dir"));
    await expect(write({ path: "dir", content: "x" })).rejects.toMatchObject({ reason: "not_a_file" });
    await expect(write({ path: ".", content: "x" })).rejects.toMatchObject({ reason: "not_a_file" });
  });

  it("refuses a parent path that is a file", async () => {
    await writeFile(path.join(root, "file.txt"), "x");
    await expect(write({ path: "file.txt/child.txt", content: "x" })).rejects.toMatchObject({
      reason: "not_a_directory",
    });
  });

  it("refuses content over 1 MiB", async () => {
    expect(() =>
      writeFileTool.inputSchema.parse({ path: "a", content: "x".repeat(1024 * 1024 + 1) }),
    ).toThrow();
    // Under the character limit but over the byte limit: "é" is two bytes in UTF-8.
    await expect(write({ path: "big.txt", content: "é".repeat(600_000) })).rejects.toMatchObject({
      reason: "too_large",
    });
    await expect(lstat(path.join(root, "big.txt"))).rejects.toThrow();
  });

  it.each([
    "../escape.txt",
    "../outside/secret.txt",
    "a/../../escape.txt",
    "/tmp/agentone-escape.txt",
    "secret-link",
    "outside-dir/secret.txt",
    "outside-dir/new.txt",
    "outside-dir/new/deeper.txt",
    "evil\0.txt",
    ".git/config",
    ".git/hooks/pre-commit",
    ".git",
  ])("refuses %j and touches nothing outside", async (requested) => {
    await expect(write({ path: requested, content: "pwned\n" })).rejects.toMatchObject({
      reason: "path_outside_workspace",
    });
    await expectOutsideUntouched();
    await expect(lstat("/tmp/agentone-escape.txt")).rejects.toThrow();
  });

  it("refuses to write through a dangling symlink", async () => {
    await symlink(path.join(outside, "planted.txt"), path.join(root, "dangling"));
    await expect(write({ path: "dangling", content: "pwned\n" })).rejects.toMatchObject({
      reason: "path_outside_workspace",
    });
    await expectOutsideUntouched();
  });
});
