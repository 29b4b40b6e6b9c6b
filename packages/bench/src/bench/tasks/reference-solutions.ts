import { ConfigError } from "agentone";
import { solveApiWorkflow } from "./api-workflow/reference-solution.js";
import type { PreparedTask } from "./bench-task.js";
import { solveBreakingChanges } from "./breaking-changes-patch/reference-solution.js";
import { solveDocsCitations } from "./docs-citations/reference-solution.js";
import { solveFixFailingTest } from "./fix-failing-test/reference-solution.js";
import { solveTriage } from "./triage-ci/reference-solution.js";
import { solveUpdateDependency } from "./update-dependency/reference-solution.js";

/** A known-good solution of one task, for self-checks: it really edits the workspace or calls the service. */
export interface ReferenceSolution {
  solve(options: { prepared: PreparedTask; seed: number }): Promise<{ answer: string | null }>;
}

/**
 * Reference solutions by task id. Solving a freshly prepared task and grading it must give success with
 * quality 1; the harness can use that to check a machine before a benchmark run.
 *
 * @example
 * ```ts
 * const { answer } = await referenceSolutions["fix-failing-test"]?.solve({ prepared, seed: 1 }) ?? {};
 * ```
 */
export const referenceSolutions: Readonly<Record<string, ReferenceSolution>> = {
  "update-dependency": { solve: ({ prepared }) => solveUpdateDependency(prepared.workspace) },
  "triage-ci": { solve: ({ prepared }) => solveTriage(prepared.workspace) },
  "breaking-changes-patch": { solve: ({ prepared }) => solveBreakingChanges(prepared.workspace) },
  "fix-failing-test": { solve: ({ prepared }) => solveFixFailingTest(prepared.workspace) },
  "docs-citations": { solve: ({ seed }) => solveDocsCitations(seed) },
  "api-workflow": {
    solve: async ({ prepared }) => {
      const baseUrl = prepared.services?.baseUrl;
      if (baseUrl === undefined) {
        throw new ConfigError("the api-workflow task was prepared without its service", { key: "services" });
      }
      return solveApiWorkflow(baseUrl);
    },
  },
};
