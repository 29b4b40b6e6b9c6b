import { z } from "zod";
import { VirtualClock } from "../../src/core/clock/index.js";
import type { RunEvent } from "../../src/core/events/run-event.js";
import type { RunTask } from "../../src/engine/lifecycle/run-task.js";
import type { Runtime } from "../../src/engine/runtime.js";
import { type ApprovalPolicyInput, createApprovalPolicy } from "../../src/policy/approval-policy.js";
import { ScriptedBackend, type ScriptedStep } from "../../src/testing/scripted-backend.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import type { AnyTool, Tool } from "../../src/tools/tool.js";
import { createWorkspaceTools } from "../../src/tools/workspace/index.js";
import { tempWorkspace } from "./temp-workspace.js";

/** Shared by the approval tests: one scripted run per test, with tools that record instead of acting. */

let cleanups: (() => Promise<void>)[] = [];

/** Closes what the last test's `setup` opened; call it from `afterEach`. */
export async function cleanUpApprovalRuns(): Promise<void> {
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
}

/** A tool that records what it was asked to do, instead of doing it. */
export function recordingTool(options: {
  name: string;
  sideEffect: Tool["sideEffect"];
  requiresApproval: boolean;
  executed: string[];
  traits?: Tool<{ target: string }>["traits"];
}): Tool<{ target: string }> {
  return {
    name: options.name,
    description: `${options.name} a target`,
    inputSchema: z.object({ target: z.string() }),
    idempotent: false,
    sideEffect: options.sideEffect,
    requiresApproval: options.requiresApproval,
    ...(options.traits ? { traits: options.traits } : {}),
    async execute(input) {
      options.executed.push(`${options.name}:${input.target}`);
      return { content: `${options.name} done: ${input.target}` };
    },
  };
}

/** A workspace, a scripted model and two recording tools: `deploy` (needs approval) and `tidy`. */
export async function setup(steps: ScriptedStep[], approvals: ApprovalPolicyInput = {}) {
  const workspace = await tempWorkspace({ "notes.txt": "alpha\n" });
  cleanups.push(workspace.cleanup);
  const clock = new VirtualClock();
  const backend = new ScriptedBackend({ steps, clock });
  const executed: string[] = [];
  const tools: AnyTool[] = [
    ...createWorkspaceTools(),
    recordingTool({ name: "deploy", sideEffect: "external", requiresApproval: true, executed }),
    recordingTool({ name: "tidy", sideEffect: "workspace", requiresApproval: false, executed }),
  ];
  const base = await createTestRuntime({ backend, clock, tools });
  cleanups.push(() => base.store.close());
  const runtime: Runtime = { ...base, approvals: createApprovalPolicy(approvals) };
  const task = (extra: Partial<RunTask> = {}): RunTask => ({
    goal: "ship it",
    workspace: workspace.root,
    ...extra,
  });
  return { runtime, backend, clock, executed, workspace: workspace.root, task };
}

export const toolMessages = (backend: ScriptedBackend) =>
  (backend.lastCall?.messages ?? []).flatMap((message) => (message.role === "tool" ? [message] : []));

export const eventsOf = async (runtime: Runtime, runId: string, type: RunEvent["type"]) =>
  (await runtime.store.readEvents(runId)).filter((event) => event.type === type);
