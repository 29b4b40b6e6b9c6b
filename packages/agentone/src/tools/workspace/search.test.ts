import { link, mkdir, mkdtemp, readdir, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RealClock } from "../../core/clock/index.js";
import { searchTool } from "./search.js";

let base: string;
let root: string;

beforeEach(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), "agentone-search-")));
  root = path.join(base, "workspace");
  const outside = path.join(base, "outside");
  await mkdir(path.join(root, "src", "lib"), { recursive: true });
  await mkdir(outside);
  await writeFile(path.join(root, "src", "b.ts"), "const Value = 1;\n// todo: more\n");
  await writeFile(path.join(root, "src", "a.ts"), "// TODO: first\nlet x = value;\n// todo again\n");
  await writeFile(path.join(root, "src", "lib", "c.ts"), "nothing here\n");
  await writeFile(path.join(outside, "secret.txt"), "todo: top secret\n");
  await symlink(path.join(outside, "secret.txt"), path.join(root, "secret-link"));
  await symlink(outside, path.join(root, "outside-dir"));
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

function search(raw: Record<string, unknown>, signal = new AbortController().signal) {
  return searchTool.execute(searchTool.inputSchema.parse(raw), {
    workspaceRoot: root,
    signal,
    clock: new RealClock(),
    idempotencyKey: "test-call",
  });
}

describe("search", () => {
  it("finds literal text case-insensitively, sorted by path then line", async () => {
    const output = await search({ pattern: "todo" });
    expect(output.content).toBe(
      ["src/a.ts:1: // TODO: first", "src/a.ts:3: // todo again", "src/b.ts:2: // todo: more"].join("\n"),
    );
  });

  it("honours caseSensitive", async () => {
    const output = await search({ pattern: "TODO", caseSensitive: true });
    expect(output.content).toBe("src/a.ts:1: // TODO: first");
  });

  it("treats regex characters literally unless regex is true", async () => {
    await writeFile(path.join(root, "calls.ts"), "f(a.b)\nfxab)\n");
    expect((await search({ pattern: "(a.b)" })).content).toBe("calls.ts:1: f(a.b)");
    expect((await search({ pattern: "^let \\w+ = value;$", regex: true })).content).toBe(
      "src/a.ts:2: let x = value;",
    );
  });

  it("refuses an invalid regex, naming the pattern", async () => {
    const error = await search({ pattern: "foo(", regex: true }).catch((caught) => caught);
    expect(error).toMatchObject({ reason: "invalid_arguments" });
    expect(error.message).toContain('"foo("');
    expect(error.message).toMatch(/unterminated group/i);
  });

  it("says when nothing matches", async () => {
    expect((await search({ pattern: "zebra" })).content).toBe('No matches for "zebra".');
  });

  it("searches only under path, or a single file", async () => {
    expect((await search({ pattern: "todo", path: "src/b.ts" })).content).toBe("src/b.ts:2: // todo: more");
    expect((await search({ pattern: "nothing", path: "src/lib" })).content).toBe(
      "src/lib/c.ts:1: nothing here",
    );
  });

  it("truncates to maxResults and counts the rest", async () => {
    const output = await search({ pattern: "todo", maxResults: 1 });
    expect(output.content).toBe("src/a.ts:1: // TODO: first\n[... 2 more matches not shown]");
  });

  it("cuts long lines to 200 characters", async () => {
    await writeFile(path.join(root, "long.txt"), `needle${"x".repeat(500)}\n`);
    const output = await search({ pattern: "needle", path: "long.txt" });
    expect(output.content).toBe(`long.txt:1: needle${"x".repeat(194)}`);
  });

  it("examines only the first 10,000 characters of a line", async () => {
    await writeFile(path.join(root, "minified.js"), `${"a".repeat(20_000)}needle\n`);
    expect((await search({ pattern: "needle" })).content).toBe('No matches for "needle".');
  });

  it("skips binary files, files over 1 MiB, .git, node_modules and .agentone", async () => {
    await writeFile(path.join(root, "blob.bin"), Buffer.concat([Buffer.from("todo"), Buffer.from([0])]));
    await writeFile(path.join(root, "huge.txt"), `todo\n${"x".repeat(1024 * 1024)}`);
    for (const skipped of [".git", "node_modules", ".agentone"]) {
      await mkdir(path.join(root, skipped));
      await writeFile(path.join(root, skipped, "file.txt"), "todo\n");
    }
    const output = await search({ pattern: "todo" });
    const lines = output.content.split("\n");
    expect(lines).toHaveLength(4);
    expect(lines.slice(0, 3).join("\n")).not.toMatch(/blob|huge|\.git|node_modules|\.agentone/);
    expect(lines[3]).toBe("Not searched: 1 binary file; 1 file over 1 MiB (huge.txt).");
    expect(output.metadata).toMatchObject({ filesSearched: 3, filesSkipped: 2 });
  });

  it("says which files it skipped when it finds nothing, so no match is not read as not there", async () => {
    await writeFile(path.join(root, "huge.log"), `needle\n${"x".repeat(1024 * 1024)}`);
    await link(path.join(base, "outside", "secret.txt"), path.join(root, "notes.txt"));
    expect((await search({ pattern: "needle" })).content).toBe(
      'No matches for "needle". Not searched: 1 file over 1 MiB (huge.log); 1 hard-linked file (notes.txt).',
    );
    expect((await search({ pattern: "top secret" })).content).not.toContain("notes.txt:1");
  });

  it("refuses a binary or huge file named explicitly", async () => {
    await writeFile(path.join(root, "blob.bin"), Buffer.from([0x74, 0, 0x64]));
    await writeFile(path.join(root, "huge.txt"), "x".repeat(1024 * 1024 + 1));
    await expect(search({ pattern: "t", path: "blob.bin" })).rejects.toMatchObject({ reason: "not_a_file" });
    await expect(search({ pattern: "x", path: "huge.txt" })).rejects.toMatchObject({ reason: "too_large" });
  });

  it("never searches through symlinks pointing outside", async () => {
    expect((await search({ pattern: "top secret" })).content).toBe('No matches for "top secret".');
  });

  it.each(["..", "../outside", "a/../../outside", "/etc", "outside-dir", "secret-link", "src\0"])(
    "refuses path %j as outside the workspace",
    async (requested) => {
      await expect(search({ pattern: "todo", path: requested })).rejects.toMatchObject({
        reason: "path_outside_workspace",
      });
      expect(await readdir(base)).toEqual(["outside", "workspace"]);
    },
  );

  it("stops when the signal is aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stopped"));
    await expect(search({ pattern: "todo" }, controller.signal)).rejects.toThrow("stopped");
  });

  it("validates its input", () => {
    expect(() => searchTool.inputSchema.parse({ pattern: "" })).toThrow();
    expect(() => searchTool.inputSchema.parse({ pattern: "a", maxResults: 501 })).toThrow();
  });
});
