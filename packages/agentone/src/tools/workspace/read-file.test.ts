import { mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RealClock } from "../../core/clock/index.js";
import { readFileTool } from "./read-file.js";

let base: string;
let root: string;

beforeEach(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), "agentone-read-")));
  root = path.join(base, "workspace");
  const outside = path.join(base, "outside");
  await mkdir(path.join(root, "src"), { recursive: true });
  await mkdir(outside);
  await writeFile(path.join(root, "src", "a.ts"), "one\ntwo\nthree\nfour\nfive\n");
  await writeFile(path.join(outside, "secret.txt"), "top secret\n");
  await symlink(path.join(outside, "secret.txt"), path.join(root, "secret-link"));
  await symlink(outside, path.join(root, "outside-dir"));
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

function read(raw: Record<string, unknown>) {
  return readFileTool.execute(readFileTool.inputSchema.parse(raw), {
    workspaceRoot: root,
    signal: new AbortController().signal,
    clock: new RealClock(),
    idempotencyKey: "test-call",
  });
}

describe("read_file", () => {
  it("shows a header and numbered lines", async () => {
    const output = await read({ path: "src/a.ts" });
    expect(output.content).toBe(
      "File: src/a.ts (lines 1-5 of 5)\n1: one\n2: two\n3: three\n4: four\n5: five",
    );
  });

  it("pages with startLine and maxLines, pointing at the next window", async () => {
    const first = await read({ path: "src/a.ts", maxLines: 2 });
    expect(first.content).toBe(
      "File: src/a.ts (lines 1-2 of 5)\n1: one\n2: two\n[... 3 more lines; call read_file with startLine=3]",
    );
    const middle = await read({ path: "./src/a.ts", startLine: 3, maxLines: 2 });
    expect(middle.content).toBe(
      "File: src/a.ts (lines 3-4 of 5)\n3: three\n4: four\n[... 1 more lines; call read_file with startLine=5]",
    );
    expect((await read({ path: "src/a.ts", startLine: 5 })).content).toBe(
      "File: src/a.ts (lines 5-5 of 5)\n5: five",
    );
  });

  it("refuses a startLine past the end", async () => {
    await expect(read({ path: "src/a.ts", startLine: 6 })).rejects.toMatchObject({
      reason: "invalid_arguments",
    });
  });

  it("handles CRLF, a missing final newline, and empty files", async () => {
    await writeFile(path.join(root, "crlf.txt"), "a\r\nb");
    expect((await read({ path: "crlf.txt" })).content).toBe("File: crlf.txt (lines 1-2 of 2)\n1: a\n2: b");
    await writeFile(path.join(root, "empty.txt"), "");
    expect((await read({ path: "empty.txt" })).content).toBe("File: empty.txt (lines 0-0 of 0)");
  });

  it("refuses files over 1 MiB", async () => {
    await writeFile(path.join(root, "huge.txt"), "x".repeat(1024 * 1024 + 1));
    await expect(read({ path: "huge.txt" })).rejects.toMatchObject({ reason: "too_large" });
  });

  it("refuses binary files and directories", async () => {
    await writeFile(path.join(root, "image.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    const error = await read({ path: "image.png" }).catch((caught) => caught);
    expect(error).toMatchObject({ reason: "not_a_file" });
    expect(error.message).toContain("binary");
    await expect(read({ path: "src" })).rejects.toMatchObject({ reason: "not_a_file" });
    await expect(read({ path: "." })).rejects.toMatchObject({ reason: "not_a_file" });
  });

  it("reports missing files as not_found", async () => {
    await expect(read({ path: "src/missing.ts" })).rejects.toMatchObject({ reason: "not_found" });
  });

  it.each([
    "../outside/secret.txt",
    "src/../../outside/secret.txt",
    "a/../../outside/secret.txt",
    "/etc/passwd",
    "secret-link",
    "outside-dir/secret.txt",
    "src/a.ts\0",
  ])("refuses %j as outside the workspace", async (requested) => {
    const error = await read({ path: requested }).catch((caught) => caught);
    expect(error).toMatchObject({ reason: "path_outside_workspace" });
    expect(error.message).not.toContain("top secret");
    expect(await readFile(path.join(base, "outside", "secret.txt"), "utf8")).toBe("top secret\n");
  });

  it("validates startLine and maxLines", () => {
    expect(() => readFileTool.inputSchema.parse({ path: "a", maxLines: 2001 })).toThrow();
    expect(() => readFileTool.inputSchema.parse({ path: "a", startLine: 0 })).toThrow();
    expect(() => readFileTool.inputSchema.parse({})).toThrow();
  });
});
