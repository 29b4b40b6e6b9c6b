import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { VirtualClock } from "../../src/core/clock/index.js";
import type { EventOf } from "../../src/core/events/run-event.js";
import { foldRunState } from "../../src/core/run-state/fold-run-state.js";
import type { RunTask } from "../../src/engine/lifecycle/run-task.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import type { Runtime } from "../../src/engine/runtime.js";
import { ScriptedBackend, type ScriptedStep } from "../../src/testing/scripted-backend.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import type { AnyTool, Tool } from "../../src/tools/tool.js";
import { createWorkspaceTools } from "../../src/tools/workspace/index.js";
import { tempWorkspace } from "../support/temp-workspace.js";

// Loading the tokenizer and starting the first in-memory store are slow on a busy machine: done once, up front.
beforeAll(async () => {
  const warm = await createTestRuntime();
  await warm.store.close();
});

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
});

/** An idempotent, read-only tool that counts how often it really ran. */
function peekTool(executions: string[], options: { idempotent?: boolean } = {}): Tool<{ path: string }> {
  return {
    name: "peek",
    description: "reads a file",
    inputSchema: z.object({ path: z.string() }),
    idempotent: options.idempotent ?? true,
    sideEffect: "none",
    requiresApproval: false,
    async execute(input, context) {
      executions.push(input.path);
      return {
        content: await readFile(join(context.workspaceRoot, input.path), "utf8"),
        metadata: { read: 1 },
      };
    },
  };
}

/** A tool that says it may change the workspace but changes nothing (and can be made to fail). */
const pokeTool: Tool<{ fail: boolean }> = {
  name: "poke",
  description: "may change the workspace",
  inputSchema: z.object({ fail: z.boolean() }),
  idempotent: false,
  sideEffect: "workspace",
  requiresApproval: false,
  async execute(input) {
    if (input.fail) throw new Error("half-way");
    return { content: "poked" };
  },
};

const peek = (path = "notes.txt"): ScriptedStep => ({ toolCalls: [{ name: "peek", arguments: { path } }] });

async function setup(
  steps: ScriptedStep[],
  options: { idempotent?: boolean; runtime?: Partial<Runtime> } = {},
) {
  const workspace = await tempWorkspace({ "notes.txt": "first\n" });
  cleanups.push(workspace.cleanup);
  const clock = new VirtualClock();
  const backend = new ScriptedBackend({ steps, clock });
  const executions: string[] = [];
  const tools: AnyTool[] = [...createWorkspaceTools(), peekTool(executions, options), pokeTool];
  const base = await createTestRuntime({ backend, clock, tools });
  cleanups.push(() => base.store.close());
  const runtime: Runtime = { ...base, ...options.runtime };
  const run = async (task: Partial<RunTask> = {}) => {
    const result = await startRun(runtime, { goal: "read", workspace: workspace.root, ...task });
    const events = await runtime.store.readEvents(result.runId);
    const peeks = events.filter(
      (event): event is EventOf<"tool-result"> => event.type === "tool-result" && event.tool === "peek",
    );
    return { result, events, peeks };
  };
  return { run, executions, backend, runtime };
}

describe("tool output cache", () => {
  it("serves a repeated read-only, idempotent call from the cache; the hit still counts as a tool call", async () => {
    const { run, executions } = await setup([{ text: "plan" }, peek(), peek(), { text: "done" }]);
    const { events, peeks } = await run();
    expect(executions).toEqual(["notes.txt"]);
    expect(peeks.map((event) => event.output)).toEqual(["first\n", "first\n"]);
    expect(peeks[0]?.metadata).toEqual({ read: 1 });
    expect(peeks[1]).toMatchObject({
      durationMs: 0,
      metadata: { read: 1, cache: "hit", cachedFrom: { step: 2, callId: "call_2_1" } },
    });
    expect(foldRunState(events).usage.toolCalls).toBe(2);
  });

  it("never serves a read made before a write: a write, or any call that may write, changes the version", async () => {
    const { run, executions } = await setup([
      { text: "plan" },
      peek(),
      { toolCalls: [{ name: "write_file", arguments: { path: "notes.txt", content: "second\n" } }] },
      peek(),
      { toolCalls: [{ name: "poke", arguments: { fail: false } }] },
      peek(),
      { toolCalls: [{ name: "poke", arguments: { fail: true } }] },
      peek(),
      peek(),
      { text: "done" },
    ]);
    const { peeks } = await run();
    expect(peeks.map((event) => event.output)).toEqual([
      "first\n",
      "second\n",
      "second\n",
      "second\n",
      "second\n",
    ]);
    // Executed after the start, after the write, after each poke (the failed one too); the last one is a hit.
    expect(executions).toHaveLength(4);
    expect(peeks.map((event) => event.metadata?.cache ?? "run")).toEqual(["run", "run", "run", "run", "hit"]);
  });

  const twice = (): ScriptedStep[] => [{ text: "plan" }, peek(), peek(), { text: "done" }];

  it("is off for a run with cache.tools false", async () => {
    const { run, executions } = await setup(twice());
    await run({ cache: { tools: false } });
    expect(executions).toHaveLength(2);
  });

  it("is off for a runtime without a tool cache (the CLI under AGENTONE_CACHE=off)", async () => {
    const { run, executions } = await setup(twice(), { runtime: { toolCache: null } });
    await run();
    expect(executions).toHaveLength(2);
  });

  it("never keeps the outputs of tools that are not idempotent", async () => {
    const { run, executions } = await setup(twice(), { idempotent: false });
    await run();
    expect(executions).toHaveLength(2);
  });

  it("keeps entries within their run: another run on the same workspace reads again", async () => {
    const { run, executions } = await setup([
      { text: "plan" },
      peek(),
      { text: "done" },
      { text: "plan" },
      peek(),
      { text: "done" },
    ]);
    await run();
    await run();
    expect(executions).toEqual(["notes.txt", "notes.txt"]);
  });
});
