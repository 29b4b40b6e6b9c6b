import { mkdtemp, rm, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GradeResult, PreparedTask } from "../bench-task.js";
import { replaceInFile } from "../reference-edits.js";
import { installTextkit2, solveUpdateDependency } from "./reference-solution.js";
import { updateDependencyTask } from "./task.js";

let base: string;
let prepared: PreparedTask;

beforeEach(async () => {
  base = await mkdtemp(path.join(tmpdir(), "agentone-bench-update-"));
  prepared = await updateDependencyTask.prepare({ directory: path.join(base, "workspace"), seed: 1 });
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const grade = () => prepared.grade({ answer: null, workspace: prepared.workspace });
const failed = (result: GradeResult) =>
  result.checks.filter((check) => !check.passed).map((check) => check.name);
const workspace = () => prepared.workspace;

describe("update-dependency", () => {
  it("the untouched fixture is green on 1.4.0 but not upgraded", async () => {
    const result = await grade();
    expect(result.success).toBe(false);
    expect(failed(result)).toEqual(["uses-textkit-2", "no-removed-api"]);
  });

  it("the reference upgrade succeeds with full quality", async () => {
    await solveUpdateDependency(workspace());
    const result = await grade();
    expect(result.explanation).toContain("success");
    expect(result.success).toBe(true);
    expect(result.quality).toBe(1);
  });

  it("repointing the imports at vendor/textkit-2.0.0 is also a correct upgrade", async () => {
    for (const relative of ["src/slugs.js", "src/stats.js", "src/summary.js"]) {
      await replaceInFile({
        workspace: workspace(),
        relative,
        replacements: [["../vendor/textkit/index.js", "../vendor/textkit-2.0.0/index.js"]],
      });
    }
    await replaceInFile({
      workspace: workspace(),
      relative: "src/slugs.js",
      replacements: [
        ['(title, "-")', "(title)"],
        ['(tag, "_")', '(tag, { separator: "_" })'],
      ],
    });
    for (const relative of ["src/stats.js", "src/summary.js"]) {
      await replaceInFile({ workspace: workspace(), relative, replacements: [["wordCount", "countWords"]] });
    }
    expect((await grade()).success).toBe(true);
  });

  it("an incomplete call-site update fails the tests and the removed-API check", async () => {
    await installTextkit2(workspace());
    await replaceInFile({
      workspace: workspace(),
      relative: "src/slugs.js",
      replacements: [
        ['slugify(title, "-")', 'slugify(title, { separator: "-" })'],
        ['slugify(tag, "_")', 'slugify(tag, { separator: "_" })'],
      ],
    });
    const result = await grade();
    expect(result.success).toBe(false);
    expect(failed(result)).toEqual(["tests-pass", "no-removed-api"]);
  });

  it("bumping only the version field of the 1.4.0 copy is not an upgrade", async () => {
    await replaceInFile({
      workspace: workspace(),
      relative: "vendor/textkit/package.json",
      replacements: [['"version": "1.4.0"', '"version": "2.0.0"']],
    });
    const result = await grade();
    expect(failed(result)).toContain("uses-textkit-2");
    expect(result.success).toBe(false);
  });

  it("deleting the failing tests instead of fixing the code is caught", async () => {
    await installTextkit2(workspace());
    for (const relative of ["src/stats.js", "src/summary.js"]) {
      await replaceInFile({ workspace: workspace(), relative, replacements: [["wordCount", "countWords"]] });
    }
    await unlink(path.join(workspace(), "test/slugs.test.js"));
    await unlink(path.join(workspace(), "test/summary.test.js"));
    const result = await grade();
    expect(result.success).toBe(false);
    expect(failed(result)).toEqual(["tests-pass", "no-removed-api", "tests-unchanged"]);
  });

  it("an empty workspace fails every check without throwing", async () => {
    const empty = path.join(base, "empty");
    const result = await prepared.grade({ answer: null, workspace: empty });
    expect(result.success).toBe(false);
    expect(result.quality).toBe(0);
  });
});
