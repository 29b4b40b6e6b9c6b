import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { VirtualClock } from "../../src/core/clock/index.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import { ScriptedBackend, type ScriptedStep } from "../../src/testing/scripted-backend.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import type { AnyTool } from "../../src/tools/tool.js";
import { createWorkspaceTools } from "../../src/tools/workspace/index.js";
import { tempWorkspace } from "../support/temp-workspace.js";

/** A stand-in for the shell tool: it records the commands it is asked to run. */
function fakeRunCommand(ran: string[][]): AnyTool {
  return {
    name: "run_command",
    description: "Runs a command",
    inputSchema: z.object({ command: z.array(z.string()) }),
    idempotent: false,
    sideEffect: "workspace",
    requiresApproval: false,
    execute: async ({ command }: { command: string[] }) => {
      ran.push(command);
      return { content: "# pass 3\n# fail 0", metadata: { exitCode: 0 } };
    },
  };
}

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
});

async function run(steps: ScriptedStep[], options: { quality: "balanced" | "thorough"; maxSteps?: number }) {
  const workspace = await tempWorkspace({ "src/app.js": "export const answer = 41;\n" });
  cleanups.push(workspace.cleanup);
  const clock = new VirtualClock();
  const ran: string[][] = [];
  const backend = new ScriptedBackend({ steps, clock });
  const runtime = await createTestRuntime({
    backend,
    clock,
    tools: [...createWorkspaceTools(), fakeRunCommand(ran)],
  });
  cleanups.push(() => runtime.store.close());
  const result = await startRun(runtime, {
    goal: "Fix the answer",
    workspace: workspace.root,
    quality: options.quality,
    limits: { usd: 1, steps: options.maxSteps ?? 20 },
    onExhaust: ["ask-human"],
  });
  return { result, ran, backend, events: await runtime.store.readEvents(result.runId) };
}

const edit: ScriptedStep = {
  toolCalls: [
    { name: "write_file", arguments: { path: "src/app.js", content: "export const answer = 42;\n" } },
  ],
};

describe("verification after edits (quality thorough)", () => {
  it("holds back an answer that follows untested edits until the model has run the tests", async () => {
    const { result, ran, backend, events } = await run(
      [
        { text: "1. edit\n2. test\n3. answer" },
        edit,
        { text: "Done: answer is 42." },
        (request) => {
          // The model is asked, in the conversation it reads, to run the tests first.
          expect(JSON.stringify(request.messages)).toContain("Run the project's tests with run_command");
          return { toolCalls: [{ name: "run_command", arguments: { command: ["node", "--test"] } }] };
        },
        { text: "Done: answer is 42; tests pass." },
      ],
      { quality: "thorough" },
    );
    expect(result).toMatchObject({ status: "completed", answer: "Done: answer is 42; tests pass." });
    expect(ran).toEqual([["node", "--test"]]);
    expect(events.filter((event) => event.type === "verification-request")).toHaveLength(1);
    backend.assertConsumed();
  });

  it("accepts the answer at once under balanced quality", async () => {
    const { result, ran } = await run([{ text: "1. edit" }, edit, { text: "Done." }], {
      quality: "balanced",
    });
    expect(result).toMatchObject({ status: "completed", answer: "Done." });
    expect(ran).toEqual([]);
  });

  it("asks for no verification when the step budget has no room left, and the unverified answer waits for a human", async () => {
    const { result, events } = await run([{ text: "1. edit" }, edit, { text: "Done." }], {
      quality: "thorough",
      maxSteps: 3,
    });
    // An answer on the last step the limit allows is never complete; under ask-human the run waits.
    expect(result).toMatchObject({ status: "awaiting_input", terminationReason: "budget_exhausted:steps" });
    expect(events.some((event) => event.type === "verification-request")).toBe(false);
  });
});
