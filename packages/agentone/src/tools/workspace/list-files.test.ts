import { mkdir, mkdtemp, readdir, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RealClock } from "../../core/clock/index.js";
import { listFilesTool } from "./list-files.js";

let base: string;
let root: string;

beforeEach(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), "agentone-list-")));
  root = path.join(base, "workspace");
  const outside = path.join(base, "outside");
  await mkdir(path.join(root, "src", "tools"), { recursive: true });
  await mkdir(outside);
  await writeFile(path.join(root, "README.md"), "# hi\n");
  await writeFile(path.join(root, "src", "index.ts"), "export {};\n");
  await writeFile(path.join(root, "src", "tools", "tool.ts"), "export {};\n");
  await writeFile(path.join(outside, "secret.txt"), "top secret\n");
  await symlink(path.join(outside, "secret.txt"), path.join(root, "secret-link"));
  await symlink(outside, path.join(root, "outside-dir"));
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

function list(raw: Record<string, unknown>, signal = new AbortController().signal) {
  return listFilesTool.execute(listFilesTool.inputSchema.parse(raw), {
    workspaceRoot: root,
    signal,
    clock: new RealClock(),
    idempotencyKey: "test-call",
  });
}

describe("list_files", () => {
  it("lists recursively, sorted, directories with a trailing slash, symlinks not followed", async () => {
    const output = await list({});
    expect(output.content).toBe(
      [
        "README.md",
        "outside-dir",
        "secret-link",
        "src/",
        "src/index.ts",
        "src/tools/",
        "src/tools/tool.ts",
      ].join("\n"),
    );
    expect(output.content).not.toContain("secret.txt");
  });

  it("skips .git, node_modules and .agentone at any depth", async () => {
    for (const skipped of [".git", "node_modules", ".agentone", "src/node_modules"]) {
      await mkdir(path.join(root, skipped), { recursive: true });
      await writeFile(path.join(root, skipped, "inner.txt"), "x\n");
    }
    const output = await list({ path: "src" });
    expect(output.content).toBe(["src/index.ts", "src/tools/", "src/tools/tool.ts"].join("\n"));
    expect((await list({})).content).not.toMatch(/\.git|node_modules|\.agentone|inner/);
  });

  it("lists one level when recursive is false", async () => {
    const output = await list({ recursive: false });
    expect(output.content).toBe(["README.md", "outside-dir", "secret-link", "src/"].join("\n"));
  });

  it("shows at most maxEntries and counts the rest", async () => {
    const output = await list({ maxEntries: 2 });
    expect(output.content).toBe(["README.md", "outside-dir", "[... 5 more entries not shown]"].join("\n"));
  });

  it("says so when a directory is empty", async () => {
    await mkdir(path.join(root, "empty"));
    expect((await list({ path: "empty" })).content).toBe('Directory "empty" is empty.');
  });

  it("refuses files and missing directories", async () => {
    await expect(list({ path: "README.md" })).rejects.toMatchObject({ reason: "not_a_directory" });
    await expect(list({ path: "nope" })).rejects.toMatchObject({ reason: "not_found" });
  });

  it.each([
    "..",
    "../outside",
    "src/../../outside",
    "a/../../x",
    "/etc",
    "outside-dir",
    "outside-dir/",
    "secret-link",
    "src\0",
  ])("refuses %j as outside the workspace", async (requested) => {
    await expect(list({ path: requested })).rejects.toMatchObject({ reason: "path_outside_workspace" });
    expect(await readdir(base)).toEqual(["outside", "workspace"]);
  });

  it("rejects maxEntries above 1000 at validation", () => {
    expect(() => listFilesTool.inputSchema.parse({ maxEntries: 1001 })).toThrow();
  });

  it("stops when the signal is aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stopped"));
    await expect(list({}, controller.signal)).rejects.toThrow("stopped");
  });
});
