import { lstat, mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RealClock } from "../../core/clock/index.js";
import { applyPatchTool } from "./apply-patch.js";

let base: string;
let root: string;
let outside: string;

beforeEach(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), "agentone-patch-")));
  root = path.join(base, "workspace");
  outside = path.join(base, "outside");
  await mkdir(path.join(root, "src"), { recursive: true });
  await mkdir(path.join(root, ".git"));
  await mkdir(outside);
  await writeFile(path.join(root, "src", "a.txt"), "one\ntwo\nthree\n");
  await writeFile(path.join(root, "src", "b.txt"), "alpha\nbeta\n");
  await writeFile(path.join(outside, "secret.txt"), "top secret\n");
  await symlink(path.join(outside, "secret.txt"), path.join(root, "secret-link"));
  await symlink(outside, path.join(root, "outside-dir"));
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

function patch(text: string) {
  return applyPatchTool.execute(applyPatchTool.inputSchema.parse({ patch: text }), {
    workspaceRoot: root,
    signal: new AbortController().signal,
    clock: new RealClock(),
    idempotencyKey: "test-call",
  });
}

function readWorkspace(relative: string) {
  return readFile(path.join(root, relative), "utf8");
}

async function expectNothingChanged() {
  expect(await readWorkspace("src/a.txt")).toBe("one\ntwo\nthree\n");
  expect(await readWorkspace("src/b.txt")).toBe("alpha\nbeta\n");
  expect((await readdir(base)).sort()).toEqual(["outside", "workspace"]);
  expect(await readdir(outside)).toEqual(["secret.txt"]);
  expect(await readFile(path.join(outside, "secret.txt"), "utf8")).toBe("top secret\n");
  expect(await readdir(path.join(root, ".git"))).toEqual([]);
}

const modifyA = "--- a/src/a.txt\n+++ b/src/a.txt\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n";

describe("apply_patch", () => {
  it("modifies a file given a git-style diff", async () => {
    const output = await patch(
      `diff --git a/src/a.txt b/src/a.txt\nindex 1111111..2222222 100644\n${modifyA}`,
    );
    expect(output.content).toBe("Patched 1 file(s): src/a.txt");
    expect(output.metadata).toEqual({
      files: [{ path: "src/a.txt", action: "modified", previousContent: "one\ntwo\nthree\n" }],
    });
    expect(await readWorkspace("src/a.txt")).toBe("one\nTWO\nthree\n");
  });

  it("accepts paths without a/ and b/ prefixes", async () => {
    await patch("--- src/b.txt\n+++ src/b.txt\n@@ -1,2 +1,2 @@\n-alpha\n+ALPHA\n beta\n");
    expect(await readWorkspace("src/b.txt")).toBe("ALPHA\nbeta\n");
  });

  it("creates, modifies and deletes several files at once", async () => {
    const output = await patch(
      [
        modifyA,
        "--- /dev/null\n+++ b/docs/new.md\n@@ -0,0 +1,2 @@\n+# New\n+text\n",
        "--- a/src/b.txt\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-alpha\n-beta\n",
      ].join(""),
    );
    expect(output.content).toBe("Patched 3 file(s): src/a.txt, docs/new.md, src/b.txt");
    expect(output.metadata).toEqual({
      files: [
        { path: "src/a.txt", action: "modified", previousContent: "one\ntwo\nthree\n" },
        { path: "docs/new.md", action: "created", previousContent: null },
        { path: "src/b.txt", action: "deleted", previousContent: "alpha\nbeta\n" },
      ],
    });
    expect(await readWorkspace("src/a.txt")).toBe("one\nTWO\nthree\n");
    expect(await readWorkspace("docs/new.md")).toBe("# New\ntext\n");
    await expect(lstat(path.join(root, "src", "b.txt"))).rejects.toThrow();
  });

  it("applies two patches to the same file in order", async () => {
    const second = "--- a/src/a.txt\n+++ b/src/a.txt\n@@ -1,3 +1,3 @@\n one\n-TWO\n+2\n three\n";
    await patch(modifyA + second);
    expect(await readWorkspace("src/a.txt")).toBe("one\n2\nthree\n");
  });

  it("changes nothing when the second file's hunk does not apply, and names it", async () => {
    const bad = "--- a/src/b.txt\n+++ b/src/b.txt\n@@ -1,2 +1,2 @@\n-gamma\n+GAMMA\n beta\n";
    const error = await patch(modifyA + bad).catch((caught) => caught);
    expect(error).toMatchObject({ reason: "patch_rejected" });
    expect(error.message).toContain("src/b.txt");
    expect(error.message).toContain("@@ -1,2 +1,2 @@");
    await expectNothingChanged();
  });

  it("names the first failing hunk when earlier hunks of the file apply", async () => {
    await writeFile(
      path.join(root, "long.txt"),
      `${Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n")}\n`,
    );
    const text =
      "--- a/long.txt\n+++ b/long.txt\n" +
      "@@ -2,3 +2,3 @@\n line 2\n-line 3\n+LINE 3\n line 4\n" +
      "@@ -15,3 +15,3 @@\n line 15\n-nope\n+NOPE\n line 17\n";
    const error = await patch(text).catch((caught) => caught);
    expect(error).toMatchObject({ reason: "patch_rejected" });
    expect(error.message).toContain("Hunk 2 of 2 (@@ -15,3 +15,3 @@)");
    expect(await readWorkspace("long.txt")).toContain("line 3\n");
  });

  it("refuses to create a file that exists, or to modify one that does not", async () => {
    const create = "--- /dev/null\n+++ b/src/a.txt\n@@ -0,0 +1 @@\n+x\n";
    await expect(patch(create)).rejects.toMatchObject({ reason: "patch_rejected" });
    const modify = "--- a/missing.txt\n+++ b/missing.txt\n@@ -1 +1 @@\n-x\n+y\n";
    await expect(patch(modifyA + modify)).rejects.toMatchObject({ reason: "not_found" });
    await expectNothingChanged();
  });

  it("refuses a deletion that leaves lines behind", async () => {
    await expect(patch("--- a/src/b.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-alpha\n")).rejects.toMatchObject({
      reason: "patch_rejected",
    });
    await expectNothingChanged();
  });

  it.each([
    ["malformed hunk counts", "--- a/src/a.txt\n+++ b/src/a.txt\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n"],
    ["no diff at all", "please change two to TWO"],
    ["a hunk without file headers", "@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n"],
    [
      "a rename",
      "diff --git a/src/a.txt b/src/c.txt\nsimilarity index 100%\nrename from src/a.txt\nrename to src/c.txt\n",
    ],
  ])("rejects %s", async (_label, text) => {
    await expect(patch(text)).rejects.toMatchObject({ reason: "patch_rejected" });
    await expectNothingChanged();
  });

  it.each([
    [
      "a ../ escape",
      "--- a/../outside/secret.txt\n+++ b/../outside/secret.txt\n@@ -1 +1 @@\n-top secret\n+pwned\n",
    ],
    ["a nested ../ escape", "--- /dev/null\n+++ b/a/../../escape.txt\n@@ -0,0 +1 @@\n+pwned\n"],
    ["an absolute path", "--- /etc/passwd\n+++ /etc/passwd\n@@ -1 +1 @@\n-root\n+pwned\n"],
    ["a symlinked file", "--- a/secret-link\n+++ b/secret-link\n@@ -1 +1 @@\n-top secret\n+pwned\n"],
    [
      "a symlinked directory",
      "--- a/outside-dir/secret.txt\n+++ b/outside-dir/secret.txt\n@@ -1 +1 @@\n-top secret\n+pwned\n",
    ],
    [
      "a new file in a symlinked directory",
      "--- /dev/null\n+++ b/outside-dir/new.txt\n@@ -0,0 +1 @@\n+pwned\n",
    ],
    [
      "a deletion through a symlinked directory",
      "--- a/outside-dir/secret.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-top secret\n",
    ],
    ["git internals", "--- /dev/null\n+++ b/.git/hooks/pre-commit\n@@ -0,0 +1 @@\n+pwned\n"],
    ["a NUL byte", "--- /dev/null\n+++ b/evil\0.txt\n@@ -0,0 +1 @@\n+pwned\n"],
  ])("refuses %s without touching anything, even after a valid file", async (_label, hostile) => {
    await expect(patch(modifyA + hostile)).rejects.toMatchObject({ reason: "path_outside_workspace" });
    await expectNothingChanged();
  });
});
