import path from "node:path";
import type { GradeCheck, GradeResult, TaskOutcome } from "../bench-task.js";
import { readFileOrNull, readTextTree, withTemporaryTree } from "../fixture-tree.js";
import { checkOf, type RubricItem, summarizeChecks } from "../grade-checks.js";
import { describeTestRun, isGreenRun, runNodeTests } from "../run-node-tests.js";
import { applyConsumerPatch } from "./apply-consumer-patch.js";
import { consumerTestCount } from "./consumer-content.js";
import { breakingChangesFiles } from "./fixture.js";

export const breakingChangesRubric = {
  notesParse: {
    name: "notes-parse-duration",
    weight: 1,
    essential: true,
    meaning: "BREAKING.md says parseDuration now throws (RangeError) where 1.x returned null",
  },
  notesFormat: {
    name: "notes-format-duration",
    weight: 1,
    essential: true,
    meaning:
      "BREAKING.md says formatDuration's boolean compact argument became an options object ({ style })",
  },
  notesTotal: {
    name: "notes-total-duration",
    weight: 1,
    essential: true,
    meaning: "BREAKING.md says sumDurations was renamed totalDuration (or removed)",
  },
  patchApplies: {
    name: "patch-applies",
    weight: 2,
    essential: true,
    meaning: "fix.patch applies cleanly to a pristine copy regenerated from the fixture generator",
  },
  patchScope: {
    name: "patch-scope",
    weight: 1,
    essential: true,
    meaning: "fix.patch changes only consumer files, and none of its tests",
  },
  stillOnVersion2: {
    name: "still-on-v2",
    weight: 1,
    essential: true,
    meaning: "the patched consumer imports lib-v2 and never lib-v1",
  },
  testsPass: {
    name: "consumer-tests-pass",
    weight: 3,
    essential: true,
    meaning: `node --test in the patched pristine consumer passes at least ${consumerTestCount} tests`,
  },
} satisfies Record<string, RubricItem>;

const noteRules = [
  { item: breakingChangesRubric.notesParse, subject: /parseDuration/, change: /throw|RangeError|exception/i },
  { item: breakingChangesRubric.notesFormat, subject: /formatDuration/, change: /style|option|object/i },
  {
    item: breakingChangesRubric.notesTotal,
    subject: /sumDurations/,
    change: /totalDuration|renamed|removed/i,
  },
];

function checkNotes(notes: string | null): GradeCheck[] {
  return noteRules.map(({ item, subject, change }) =>
    checkOf(item, {
      passed: notes !== null && subject.test(notes) && change.test(notes),
      detail: notes === null ? "BREAKING.md is missing" : undefined,
    }),
  );
}

/** Applies fix.patch to a freshly generated workspace and checks the result there. */
async function checkPatch(patchText: string | null): Promise<GradeCheck[]> {
  const rubric = breakingChangesRubric;
  if (patchText === null) {
    const missing = { passed: false, detail: "fix.patch is missing" };
    return [rubric.patchApplies, rubric.patchScope, rubric.stillOnVersion2, rubric.testsPass].map((item) =>
      checkOf(item, missing),
    );
  }
  return withTemporaryTree(breakingChangesFiles(), async (pristine) => {
    const application = await applyConsumerPatch({ workspace: pristine, patchText });
    const outside = application.files.filter(
      (file) => !file.startsWith("consumer/") || file.startsWith("consumer/test/"),
    );
    const scope = checkOf(rubric.patchScope, {
      passed: application.files.length > 0 && outside.length === 0,
      detail: outside.length === 0 ? application.files.join(", ") : `out of scope: ${outside.join(", ")}`,
    });
    if (!application.applied) {
      const notApplied = { passed: false, detail: "the patch did not apply" };
      return [
        checkOf(rubric.patchApplies, { passed: false, detail: application.reason }),
        scope,
        checkOf(rubric.stillOnVersion2, notApplied),
        checkOf(rubric.testsPass, notApplied),
      ];
    }
    const sources = [...(await readTextTree(path.join(pristine, "consumer", "src"))).values()].join("\n");
    const run = await runNodeTests({ cwd: path.join(pristine, "consumer") });
    return [
      checkOf(rubric.patchApplies, { passed: true, detail: `patched ${application.files.join(", ")}` }),
      scope,
      checkOf(rubric.stillOnVersion2, {
        passed: /lib-v2\//.test(sources) && !/lib-v1\//.test(sources),
      }),
      checkOf(rubric.testsPass, { passed: isGreenRun(run, consumerTestCount), detail: describeTestRun(run) }),
    ];
  });
}

/** Grades BREAKING.md from the workspace and fix.patch against a pristine regenerated copy. */
export async function gradeBreakingChanges(outcome: TaskOutcome): Promise<GradeResult> {
  const notes = await readFileOrNull(path.join(outcome.workspace, "BREAKING.md"));
  const patch = await readFileOrNull(path.join(outcome.workspace, "fix.patch"));
  return summarizeChecks([
    ...checkNotes(notes?.toString("utf8") ?? null),
    ...(await checkPatch(patch?.toString("utf8") ?? null)),
  ]);
}
