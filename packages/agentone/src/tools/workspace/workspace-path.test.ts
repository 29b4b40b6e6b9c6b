import { link, mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveWorkspacePath } from "./workspace-path.js";

let base: string;
let root: string;
let outside: string;

beforeEach(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), "agentone-path-")));
  root = path.join(base, "workspace");
  outside = path.join(base, "outside");
  await mkdir(path.join(root, "src"), { recursive: true });
  await mkdir(outside);
  await writeFile(path.join(root, "src", "a.ts"), "export {};\n");
  await writeFile(path.join(outside, "secret.txt"), "top secret\n");
  await symlink(path.join(outside, "secret.txt"), path.join(root, "secret-link"));
  await symlink(outside, path.join(root, "outside-dir"));
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

describe("resolveWorkspacePath", () => {
  it("refuses a hard-linked file for reads and writes: another of its names may be outside", async () => {
    await link(path.join(outside, "secret.txt"), path.join(root, "notes.txt"));
    for (const purpose of ["read", "write"] as const) {
      await expect(resolveWorkspacePath({ root, path: "notes.txt", purpose })).rejects.toMatchObject({
        reason: "path_outside_workspace",
        message: expect.stringContaining("it is a hard link (the file has 2 names"),
      });
    }
    // Through a symlink inside the workspace too.
    await symlink("notes.txt", path.join(root, "alias.txt"));
    await expect(resolveWorkspacePath({ root, path: "alias.txt", purpose: "read" })).rejects.toMatchObject({
      reason: "path_outside_workspace",
    });
    expect(await readFile(path.join(outside, "secret.txt"), "utf8")).toBe("top secret\n");
  });

  it("resolves relative paths to absolute and forward-slash relative forms", async () => {
    await expect(resolveWorkspacePath({ root, path: "src/a.ts", purpose: "read" })).resolves.toEqual({
      absolute: path.join(root, "src", "a.ts"),
      relative: "src/a.ts",
    });
    await expect(resolveWorkspacePath({ root, path: "src/../src/./a.ts", purpose: "read" })).resolves.toEqual(
      {
        absolute: path.join(root, "src", "a.ts"),
        relative: "src/a.ts",
      },
    );
  });

  it('calls the root "."', async () => {
    for (const requested of [".", "", "src/.."]) {
      await expect(resolveWorkspacePath({ root, path: requested, purpose: "read" })).resolves.toEqual({
        absolute: root,
        relative: ".",
      });
    }
  });

  it("allows writes to paths that do not exist yet", async () => {
    const resolved = await resolveWorkspacePath({ root, path: "new/deep/file.txt", purpose: "write" });
    expect(resolved.relative).toBe("new/deep/file.txt");
  });

  it("reports a missing file on read as not_found", async () => {
    await expect(resolveWorkspacePath({ root, path: "missing.txt", purpose: "read" })).rejects.toMatchObject({
      reason: "not_found",
    });
    await expect(
      resolveWorkspacePath({ root, path: "src/a.ts/child", purpose: "read" }),
    ).rejects.toMatchObject({
      reason: "not_found",
    });
  });

  it.each([
    "../outside/secret.txt",
    "..",
    "src/../../outside/secret.txt",
    "a/../../x",
    "/etc/passwd",
    "src/a\0.ts",
  ])("refuses %j for reads and writes", async (requested) => {
    for (const purpose of ["read", "write"] as const) {
      await expect(resolveWorkspacePath({ root, path: requested, purpose })).rejects.toMatchObject({
        reason: "path_outside_workspace",
      });
    }
  });

  it("refuses absolute paths even when they point inside the workspace", async () => {
    await expect(
      resolveWorkspacePath({ root, path: path.join(root, "src", "a.ts"), purpose: "read" }),
    ).rejects.toMatchObject({ reason: "path_outside_workspace" });
  });

  it("explains the refusal to the model", async () => {
    const error = await resolveWorkspacePath({ root, path: "../x", purpose: "read" }).catch(
      (caught) => caught,
    );
    expect(error.message).toContain('"../x"');
    expect(error.message).toContain("relative to the workspace root");
  });

  it.each(["secret-link", "outside-dir", "outside-dir/secret.txt", "outside-dir/new.txt"])(
    "refuses %j, which goes through a symlink pointing outside",
    async (requested) => {
      for (const purpose of ["read", "write"] as const) {
        if (purpose === "read" && requested.endsWith("new.txt")) continue;
        await expect(resolveWorkspacePath({ root, path: requested, purpose })).rejects.toMatchObject({
          reason: "path_outside_workspace",
        });
      }
      expect(await readdir(outside)).toEqual(["secret.txt"]);
    },
  );

  it("refuses writes through a dangling symlink, whose target could be anywhere", async () => {
    await symlink(path.join(outside, "planted.txt"), path.join(root, "dangling"));
    await expect(resolveWorkspacePath({ root, path: "dangling", purpose: "write" })).rejects.toMatchObject({
      reason: "path_outside_workspace",
    });
  });

  it("allows symlinks that stay inside the workspace", async () => {
    await symlink(path.join(root, "src"), path.join(root, "src-link"));
    const resolved = await resolveWorkspacePath({ root, path: "src-link/a.ts", purpose: "read" });
    expect(resolved.relative).toBe("src-link/a.ts");
  });

  it.each([".git", ".git/config", ".git/hooks/pre-commit", "sub/.git/HEAD", ".GIT/config"])(
    "refuses writes into git internals: %j",
    async (requested) => {
      await expect(resolveWorkspacePath({ root, path: requested, purpose: "write" })).rejects.toMatchObject({
        reason: "path_outside_workspace",
      });
    },
  );

  it("refuses writes reaching .git through a symlink, but allows reading it", async () => {
    await mkdir(path.join(root, ".git"));
    await writeFile(path.join(root, ".git", "config"), "[core]\n");
    await symlink(path.join(root, ".git"), path.join(root, "git-link"));
    await expect(
      resolveWorkspacePath({ root, path: "git-link/config", purpose: "write" }),
    ).rejects.toMatchObject({
      reason: "path_outside_workspace",
    });
    const read = await resolveWorkspacePath({ root, path: ".git/config", purpose: "read" });
    expect(read.relative).toBe(".git/config");
  });

  it("accepts a root given through a symlink", async () => {
    const linkedRoot = path.join(base, "workspace-link");
    await symlink(root, linkedRoot);
    const resolved = await resolveWorkspacePath({ root: linkedRoot, path: "src/a.ts", purpose: "read" });
    expect(resolved).toEqual({ absolute: path.join(linkedRoot, "src", "a.ts"), relative: "src/a.ts" });
  });
});
