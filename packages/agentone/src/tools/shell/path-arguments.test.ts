import { link, mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { refusePathArgumentsOutsideWorkspace } from "./path-arguments.js";

let base: string;
let root: string;
let outside: string;

beforeEach(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), "agentone-path-arguments-")));
  root = path.join(base, "workspace");
  outside = path.join(base, "outside");
  await mkdir(path.join(root, "src", "deep"), { recursive: true });
  await mkdir(path.join(outside, "sub"), { recursive: true });
  await writeFile(path.join(root, "src", "a.ts"), "a\n");
  await writeFile(path.join(outside, "secret.txt"), "secret\n");
  await symlink(outside, path.join(root, "outside-link"));
  await symlink(path.join(outside, "sub"), path.join(root, "sub-link"));
  await symlink(path.join(outside, "missing.txt"), path.join(root, "dangling"));
  await symlink(path.join(root, "src"), path.join(root, "src-link"));
  await link(path.join(outside, "secret.txt"), path.join(root, "hard-link.txt"));
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

function check(command: string[], cwd = root) {
  return refusePathArgumentsOutsideWorkspace({ root, cwd, command: ["cat", ...command] });
}

describe("refusePathArgumentsOutsideWorkspace", () => {
  it.each([
    [["src/a.ts"]],
    [["./src/a.ts", "."]],
    [["src/new/file.ts"]],
    [["src-link/a.ts"]],
    [["src/deep/../a.ts"]],
    [["--out=src/x.txt"]],
    [["HEAD~1..HEAD", "-n", "3", "plain-word"]],
  ])("passes %j", async (command) => {
    await expect(check(command)).resolves.toBeUndefined();
  });

  it("passes absolute paths inside the workspace", async () => {
    await expect(check([path.join(root, "src", "a.ts")])).resolves.toBeUndefined();
  });

  it("resolves relative arguments against the cwd", async () => {
    await expect(check(["../a.ts"], path.join(root, "src", "deep"))).resolves.toBeUndefined();
    await expect(check(["../../../outside"], path.join(root, "src", "deep"))).rejects.toMatchObject({
      reason: "path_outside_workspace",
    });
  });

  it.each([
    ["'..'", ["../outside/secret.txt"]],
    ["'..' alone", [".."]],
    ["an absolute path", ["/etc/passwd"]],
    ["a symlink to a directory outside", ["outside-link/secret.txt"]],
    ["a symlink, then a missing file", ["outside-link/new.txt"]],
    ["'..' from inside a symlinked directory", ["sub-link/../secret.txt"]],
    ["a dangling symlink", ["dangling"]],
    ["a plain word naming a symlink outside", ["outside-link"]],
    ["the value of --option=", ["--output=../outside/x"]],
    ["an absolute option value", ["--config=/etc/passwd"]],
    ["a hard-linked file (another of its names is outside)", ["hard-link.txt"]],
  ])("refuses %s", async (_label, command) => {
    const error = await check(command).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ reason: "path_outside_workspace" });
    expect((error as Error).message).toContain(JSON.stringify(command[0]));
  });

  it("does not check the program itself", async () => {
    await expect(
      refusePathArgumentsOutsideWorkspace({ root, cwd: root, command: ["../program"] }),
    ).resolves.toBeUndefined();
  });
});
