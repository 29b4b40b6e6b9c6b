import { callAction, type Move, plainMove } from "../action.js";
import { type ConversationView, hasTool, type PastCall } from "../conversation-view.js";

/** How the goal says to run the tests: the first backticked command (e.g. `node --test` in consumer/). */
export function testCommand(goal: string): { command: string[]; cwd: string } {
  const match = /`((?:node|npm|npx|pnpm|yarn)\b[^`]*)`(?:\s+in\s+([\w./-]+?)\/?(?=[\s).,;]))?/.exec(goal);
  if (!match) return { command: ["npm", "test"], cwd: "." };
  return { command: (match[1] ?? "").trim().split(/\s+/), cwd: match[2] ?? "." };
}

export interface TestRun {
  /** Index of the call in the conversation. */
  index: number;
  passed: boolean;
  output: string;
}

/** The test runs so far (run_command calls that ran), oldest first. */
export function testRuns(view: ConversationView): TestRun[] {
  const runs: TestRun[] = [];
  view.calls.forEach((call, index) => {
    if (call.name !== "run_command" || call.isError) return;
    const exit = /^Exit code: (\d+)\./m.exec(call.result);
    runs.push({ index, passed: exit?.[1] === "0", output: call.result });
  });
  return runs;
}

const editTools = new Set(["write_file", "apply_patch"]);

/** Index of the model's last successful edit, or -1. */
export function lastEditIndex(
  view: ConversationView,
  filter: (call: PastCall) => boolean = () => true,
): number {
  for (let index = view.calls.length - 1; index >= 0; index--) {
    const call = view.calls[index] as PastCall;
    if (!call.isError && editTools.has(call.name) && filter(call)) return index;
  }
  return -1;
}

/** Runs the project's tests, as the goal says to. */
export function runTestsMove(view: ConversationView, note = "Running the tests."): Move | null {
  if (!hasTool(view, "run_command")) return null;
  const { command, cwd } = testCommand(view.goal);
  return plainMove(callAction([{ name: "run_command", arguments: { command, cwd } }], note));
}

/** Test runs that failed after the model's first edit: how many times its fix did not work. */
export function failedVerifications(view: ConversationView): number {
  const firstEdit = view.calls.findIndex((call) => !call.isError && editTools.has(call.name));
  if (firstEdit < 0) return 0;
  return testRuns(view).filter((run) => run.index > firstEdit && !run.passed).length;
}

/** The output's lines, without the tool's "$ command" and "Exit code" header. */
export function outputLines(run: TestRun): string[] {
  return run.output.split("\n").slice(2);
}
