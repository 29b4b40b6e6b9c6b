import { execFileSync } from "node:child_process";
import { cp, mkdtemp, readFile, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AnyTool, Message } from "agentone";
import { createWorkspaceTools, ToolError, VirtualClock } from "agentone";
import { createGitTools, createShellTools } from "agentone/internal";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tierBehaviour } from "../../tier-behaviour.js";
import { viewConversation } from "../conversation-view.js";
import { asksToCommit } from "./commit-move.js";
import { fixTestRecipe } from "./fix-test-recipe.js";

// The project this move exists for: examples/fix-and-commit, whose TASK.md asks to fix, test and commit.
const example = path.resolve(import.meta.dirname, "../../../../../../../examples/fix-and-commit");
const denial = "Error: the call was denied by a human: not before review. It was not executed.";

let workspace: string;
const git = (...args: string[]) =>
  execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", ...args], {
    cwd: workspace,
    encoding: "utf8",
  });

beforeEach(async () => {
  workspace = await realpath(await mkdtemp(path.join(tmpdir(), "agentone-commit-move-")));
  await cp(example, workspace, { recursive: true });
  git("init", "-q");
  git("add", "-A");
  git("commit", "-qm", "Initial version");
});

afterEach(async () => {
  await rm(workspace, { recursive: true, force: true });
});

const allTools: AnyTool[] = [
  ...createWorkspaceTools(),
  ...createGitTools(),
  ...createShellTools({ allowlist: [["npm", "test"]] }),
];

/**
 * Plays the recipe's intended moves (no mistakes) against the real tools in the workspace until it answers.
 * `decide` may answer a call instead of running it, as a human's denial does.
 */
async function play(options: {
  goal: string;
  tools?: AnyTool[];
  decide?: (name: string) => string | null;
}): Promise<{ calls: string[]; answer: string }> {
  const tools = options.tools ?? allTools;
  const messages: Message[] = [
    { role: "system", content: "Current step: act." },
    { role: "user", content: options.goal },
  ];
  const calls: string[] = [];
  for (let turn = 0; turn < 20; turn++) {
    const view = viewConversation(
      messages,
      tools.map((tool) => tool.name),
    );
    const action = fixTestRecipe.next(view, tierBehaviour.premium).intended;
    if (action.type === "answer")
      return { calls, answer: fixTestRecipe.answer(view, { model: "sim-premium", premature: false }) };
    const toolCalls = action.calls.map((call, index) => ({
      id: `call_${turn}_${index}`,
      name: call.name,
      arguments: JSON.stringify(call.arguments),
    }));
    messages.push({ role: "assistant", content: action.note, toolCalls });
    for (const call of toolCalls) {
      calls.push(call.name);
      const decided = options.decide?.(call.name) ?? null;
      const { content, isError } =
        decided === null ? await execute(tools, call) : { content: decided, isError: true };
      messages.push({ role: "tool", toolCallId: call.id, toolName: call.name, content, isError });
    }
  }
  throw new Error(`no answer after 20 turns: ${calls.join(", ")}`);
}

async function execute(tools: AnyTool[], call: { name: string; arguments: string }) {
  const tool = tools.find((entry) => entry.name === call.name);
  if (!tool) throw new Error(`no tool ${call.name}`);
  const context = {
    workspaceRoot: workspace,
    signal: new AbortController().signal,
    clock: new VirtualClock({ start: 0 }),
    idempotencyKey: "test",
  };
  try {
    const output = await tool.execute(tool.inputSchema.parse(JSON.parse(call.arguments)), context);
    return { content: output.content, isError: false };
  } catch (error) {
    if (error instanceof ToolError) return { content: `Error: ${error.message}`, isError: true };
    throw error;
  }
}

const taskGoal = async () => (await readFile(path.join(workspace, "TASK.md"), "utf8")).trim();
const subjects = () => git("log", "--format=%s").trim().split("\n");

describe("asksToCommit", () => {
  it("reads 'commit' as something to do only when it is a verb that is not negated", () => {
    expect(asksToCommit("Fix it, run the tests again, and commit the fix.")).toBe(true);
    expect(asksToCommit("Commit when the tests pass.")).toBe(true);
    expect(asksToCommit("Show our commitment to quality and fix the failing test.")).toBe(false);
    expect(asksToCommit("The bug came in with the last commit; fix it.")).toBe(false);
    expect(asksToCommit("Write a good commit message for the fix.")).toBe(false);
    expect(asksToCommit("Fix the failing test. Do not commit anything.")).toBe(false);
    expect(asksToCommit("Fix the test; never edit or commit the lock file.")).toBe(false);
    expect(asksToCommit("Someone committed a bug.")).toBe(false);
  });
});

describe("the fix recipe's commit", { timeout: 60_000 }, () => {
  it("commits the fix once the tests pass after it, when the goal asks to commit", async () => {
    const { calls, answer } = await play({ goal: await taskGoal() });
    expect(calls).toEqual([
      "list_files",
      "run_command",
      "read_file",
      "read_file",
      "apply_patch",
      "run_command",
      "git_commit",
    ]);
    expect(subjects()).toEqual(["Fix pageNumbers: the loop stopped one short", "Initial version"]);
    expect(git("log", "-1", "--format=%b")).toContain("the loop bound was < where <= was meant");
    expect(git("show", "--stat", "--format=", "HEAD").trim()).toMatch(/^src\/pagination\.js \| 2 \+-/);
    expect(git("status", "--porcelain")).toBe("");
    expect(answer).toMatch(/^Committed: "Fix pageNumbers: the loop stopped one short" \([0-9a-f]{7,}\)\.$/m);
    expect(answer).toContain("Tests: all passing after the last run.");
  });

  it("does not commit when the goal does not ask for it", async () => {
    const goal = (await taskGoal()).replace(/, and commit the fix[^.]*\./, ".");
    expect(goal).not.toMatch(/commit/);
    const { calls, answer } = await play({ goal });
    expect(calls).not.toContain("git_commit");
    expect(calls.at(-1)).toBe("run_command");
    expect(subjects()).toEqual(["Initial version"]);
    expect(git("status", "--porcelain").trim()).toBe("M src/pagination.js");
    expect(answer).not.toMatch(/commit/i);
  });

  it("answers without trying again when the commit is denied", async () => {
    const { calls, answer } = await play({
      goal: await taskGoal(),
      decide: (name) => (name === "git_commit" ? denial : null),
    });
    expect(calls.filter((name) => name === "git_commit")).toHaveLength(1);
    expect(calls.at(-1)).toBe("git_commit");
    expect(subjects()).toEqual(["Initial version"]);
    expect(answer).toContain(
      "I did not commit; git_commit answered: the call was denied by a human: not before review.",
    );
  });

  it("says why there is no commit when it has no git_commit tool", async () => {
    const tools = allTools.filter((tool) => tool.name !== "git_commit");
    const { calls, answer } = await play({ goal: await taskGoal(), tools });
    expect(calls.at(-1)).toBe("run_command");
    expect(answer).toContain("I did not commit: I have no git_commit tool.");
  });
});
