import path from "node:path";
import type { GradeCheck, GradeResult, TaskOutcome } from "../bench-task.js";
import { readFileOrNull, readTextTree, sameBytes } from "../fixture-tree.js";
import { checkOf, type RubricItem, summarizeChecks } from "../grade-checks.js";
import { describeTestRun, isGreenRun, runNodeTests } from "../run-node-tests.js";
import { updateDependencyFiles } from "./fixture.js";
import { projectTestCount } from "./project-content.js";
import { version2Index } from "./textkit-content.js";

export const updateDependencyRubric = {
  usesVersion2: {
    name: "uses-textkit-2",
    weight: 3,
    essential: true,
    meaning: "every textkit import in src/ resolves to a package at version 2.0.0 with 2.0.0's exact code",
  },
  testsPass: {
    name: "tests-pass",
    weight: 3,
    essential: true,
    meaning: `node --test exits 0 with at least ${projectTestCount} passing tests`,
  },
  noRemovedApi: {
    name: "no-removed-api",
    weight: 2,
    essential: true,
    meaning: "src/ no longer calls wordCount or slugify with a string separator",
  },
  testsUnchanged: {
    name: "tests-unchanged",
    weight: 2,
    essential: true,
    meaning: "the test files are byte-identical to the fixture's",
  },
} satisfies Record<string, RubricItem>;

const importPattern = /(?:from\s*|import\s*\(\s*)["']([^"']*textkit[^"']*)["']/g;

/** Each textkit import in src/, with whether it resolves to the genuine 2.0.0 package. */
async function checkTextkitImports(workspace: string, sources: Map<string, string>): Promise<GradeCheck> {
  const problems: string[] = [];
  let imports = 0;
  for (const [relative, text] of sources) {
    for (const match of text.matchAll(importPattern)) {
      imports += 1;
      const specifier = match[1] ?? "";
      const resolved = path.resolve(path.dirname(path.join(workspace, "src", relative)), specifier);
      const packageDirectory = path.dirname(resolved);
      const manifest = await readFileOrNull(path.join(packageDirectory, "package.json"));
      let version = "unknown";
      try {
        version = String(JSON.parse(manifest?.toString("utf8") ?? "{}").version);
      } catch {
        version = "unreadable";
      }
      const genuine = sameBytes(version2Index, await readFileOrNull(resolved));
      if (version !== "2.0.0" || !genuine) {
        problems.push(`src/${relative} imports ${specifier} (version ${version}, 2.0.0 code: ${genuine})`);
      }
    }
  }
  if (imports === 0) problems.push("no textkit import found in src/");
  return checkOf(updateDependencyRubric.usesVersion2, {
    passed: problems.length === 0,
    detail: problems.length === 0 ? `${imports} imports resolve to textkit 2.0.0` : problems.join("; "),
  });
}

const removedApiPatterns = [
  { label: "wordCount", pattern: /\bwordCount\b/ },
  { label: "slugify with a string separator", pattern: /\bslugify\s*\([^)]*?,\s*["'`]/ },
];

function checkRemovedApi(sources: Map<string, string>): GradeCheck {
  const found: string[] = sources.size === 0 ? ["no source files in src/"] : [];
  for (const [relative, text] of sources) {
    for (const { label, pattern } of removedApiPatterns) {
      if (pattern.test(text)) found.push(`src/${relative}: ${label}`);
    }
  }
  return checkOf(updateDependencyRubric.noRemovedApi, {
    passed: found.length === 0,
    detail: found.length === 0 ? "no removed API in src/" : found.join("; "),
  });
}

async function checkTestsUnchanged(workspace: string): Promise<GradeCheck> {
  const changed: string[] = [];
  for (const [relative, content] of updateDependencyFiles()) {
    if (!relative.startsWith("test/")) continue;
    const actual = await readFileOrNull(path.join(workspace, relative));
    if (!sameBytes(content, actual)) changed.push(relative);
  }
  return checkOf(updateDependencyRubric.testsUnchanged, {
    passed: changed.length === 0,
    detail: changed.length === 0 ? "test files unchanged" : `changed or missing: ${changed.join(", ")}`,
  });
}

/** Grades the update-dependency task from the workspace alone; the answer is not used. */
export async function gradeUpdateDependency(outcome: TaskOutcome): Promise<GradeResult> {
  const { workspace } = outcome;
  const sources = new Map(
    [...(await readTextTree(path.join(workspace, "src")))].filter(([relative]) =>
      /\.[cm]?js$/.test(relative),
    ),
  );
  const run = await runNodeTests({ cwd: workspace });
  return summarizeChecks([
    await checkTextkitImports(workspace, sources),
    checkOf(updateDependencyRubric.testsPass, {
      passed: isGreenRun(run, projectTestCount),
      detail: describeTestRun(run),
    }),
    checkRemovedApi(sources),
    await checkTestsUnchanged(workspace),
  ]);
}
