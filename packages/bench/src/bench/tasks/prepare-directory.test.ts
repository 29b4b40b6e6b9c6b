import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ConfigError } from "agentone";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prepareWorkspaceDirectory } from "./prepare-directory.js";

let base: string;

beforeEach(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), "agentone-bench-dir-")));
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

describe("prepareWorkspaceDirectory", () => {
  it("creates a missing directory and returns its absolute path", async () => {
    const directory = path.join(base, "a", "b");
    expect(await prepareWorkspaceDirectory({ directory, seed: 0 })).toBe(directory);
  });

  it("accepts an existing empty directory through a symlink and returns the real path", async () => {
    await mkdir(path.join(base, "real"));
    await symlink(path.join(base, "real"), path.join(base, "link"));
    const workspace = await prepareWorkspaceDirectory({ directory: path.join(base, "link"), seed: 3 });
    expect(workspace).toBe(path.join(base, "real"));
  });

  it("refuses an empty path, a non-empty directory and a file, naming the directory key", async () => {
    await writeFile(path.join(base, "file"), "x");
    for (const directory of ["", "  ", base, path.join(base, "file")]) {
      const attempt = prepareWorkspaceDirectory({ directory, seed: 0 });
      await expect(attempt).rejects.toBeInstanceOf(ConfigError);
      await expect(attempt).rejects.toMatchObject({ details: { key: "directory" } });
    }
  });

  it("refuses a negative, fractional or unsafe seed before touching the disk", async () => {
    const directory = path.join(base, "never");
    for (const seed of [-1, 0.5, Number.MAX_SAFE_INTEGER + 1, Number.POSITIVE_INFINITY]) {
      await expect(prepareWorkspaceDirectory({ directory, seed })).rejects.toMatchObject({
        details: { key: "seed" },
      });
    }
    await expect(realpath(directory)).rejects.toThrow();
  });
});
