import type { ConversationView } from "../conversation-view.js";
import { toWorkspacePath } from "../evidence.js";
import { type LogFailure, readLogFailure } from "../read-log.js";
import { knownContent } from "../workspace-knowledge.js";
import { resolveImport, testBody, testedFunctions } from "./fix-patterns.js";
import { outputLines, type TestRun } from "./test-runs.js";

/** What a failing test run tells the model: the failure, the test file, and the source files it tests. */
export interface Diagnosis {
  failure: LogFailure;
  testFile: string | null;
  sources: string[];
  /** The functions the failing test calls, with the source file each comes from. */
  functions: { name: string; path: string }[];
}

/**
 * Reads one failing test run: which test failed, in which file, and which imported functions it calls
 * (known only once the test file has been read).
 *
 * @example
 * ```ts
 * const diagnosis = diagnoseRun(view, testRuns(view).at(-1));
 * diagnosis.functions; // [{ name: "pageNumbers", path: "src/pagination.js" }]
 * ```
 */
export function diagnoseRun(view: ConversationView, run: TestRun): Diagnosis {
  const failure = readLogFailure(outputLines(run));
  const testFile = failure.location ? toWorkspacePath(failure.location.path, view.listedFiles) : null;
  const testSource = testFile ? knownContent(view, testFile) : null;
  const body = testSource && failure.testName ? testBody(testSource, failure.testName) : null;
  const functions =
    testFile && testSource && body
      ? testedFunctions(testSource, body).map((entry) => ({
          name: entry.name,
          path: resolveImport(testFile, entry.from),
        }))
      : [];
  return { failure, testFile, sources: [...new Set(functions.map((entry) => entry.path))], functions };
}
