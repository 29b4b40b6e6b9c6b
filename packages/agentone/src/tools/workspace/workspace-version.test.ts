import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sha256Hex } from "../../core/stable-json.js";
import { fileVersion, workspaceFingerprint } from "./workspace-version.js";

describe("file versions and workspace fingerprints", () => {
  let root: string;

  beforeEach(async () => {
    root = await realpath(await mkdtemp(join(tmpdir(), "agentone-cache-")));
    await mkdir(join(root, "src"));
    await writeFile(join(root, "src", "a.ts"), "export const a = 1;\n");
    await writeFile(join(root, "README.md"), "hello\n");
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("versions a file by its bytes, and names missing paths and directories", async () => {
    expect(await fileVersion(join(root, "README.md"))).toBe(sha256Hex("hello\n"));
    expect(await fileVersion(join(root, "absent.txt"))).toBe("missing");
    expect(await fileVersion(join(root, "README.md", "below"))).toBe("missing");
    expect(await fileVersion(join(root, "src"))).toBe("directory");
  });

  it("fingerprints listed files regardless of order, and changes when one changes or appears", async () => {
    const listed = await workspaceFingerprint({ root, files: ["src/a.ts", "README.md", "new.txt"] });
    expect(await workspaceFingerprint({ root, files: ["new.txt", "./README.md", "src/a.ts"] })).toBe(listed);
    await writeFile(join(root, "new.txt"), "");
    const appeared = await workspaceFingerprint({ root, files: ["src/a.ts", "README.md", "new.txt"] });
    expect(appeared).not.toBe(listed);
    await writeFile(join(root, "src", "a.ts"), "export const a = 2;\n");
    expect(await workspaceFingerprint({ root, files: ["src/a.ts", "README.md", "new.txt"] })).not.toBe(
      appeared,
    );
  });

  it("fingerprints the whole tree without .git, node_modules and .agentone", async () => {
    const before = await workspaceFingerprint({ root });
    for (const skipped of [".git", "node_modules", ".agentone"]) {
      await mkdir(join(root, skipped), { recursive: true });
      await writeFile(join(root, skipped, "state"), "changes all the time");
    }
    expect(await workspaceFingerprint({ root })).toBe(before);
    await mkdir(join(root, "empty"));
    const withDirectory = await workspaceFingerprint({ root });
    expect(withDirectory).not.toBe(before);
    await writeFile(join(root, "src", "a.ts"), "changed");
    expect(await workspaceFingerprint({ root })).not.toBe(withDirectory);
  });

  it("counts a symlink by its target without following it out of the workspace", async () => {
    const outside = await realpath(await mkdtemp(join(tmpdir(), "agentone-outside-")));
    try {
      await writeFile(join(outside, "secret.txt"), "one");
      await symlink(join(outside, "secret.txt"), join(root, "link"));
      const linked = await workspaceFingerprint({ root });
      await writeFile(join(outside, "secret.txt"), "two");
      expect(await workspaceFingerprint({ root })).toBe(linked);
      await expect(workspaceFingerprint({ root, files: ["link"] })).rejects.toMatchObject({
        code: "TOOL_ERROR",
        reason: "path_outside_workspace",
      });
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it("refuses listed paths that leave the workspace", async () => {
    for (const path of ["../elsewhere.txt", "/etc/passwd", "src/../../x", "a\0b"]) {
      await expect(workspaceFingerprint({ root, files: [path] }), path).rejects.toMatchObject({
        code: "TOOL_ERROR",
        reason: "path_outside_workspace",
      });
    }
  });

  it("stops when its signal is aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(workspaceFingerprint({ root, signal: controller.signal })).rejects.toThrow("stop");
    await expect(
      workspaceFingerprint({ root, files: ["README.md"], signal: controller.signal }),
    ).rejects.toThrow("stop");
  });
});
