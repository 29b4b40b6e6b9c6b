import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { AnyTool, Runtime } from "agentone";
import { createWorkspaceTools, loadTokenCounter, startRun } from "agentone";
import { createDocumentTools, createHttpTools, createShellTools } from "agentone/internal";
import { createTestRuntime } from "agentone/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchTasks } from "../../src/bench/tasks/index.js";

// Each task, end to end, with the real tools and the task's own grader: the simulator only acts.
const seeds = [1, 2, 3, 4];
const models = ["sim-premium", "sim-cheap", "sim-local"] as const;
type Model = (typeof models)[number];

const jobs = benchTasks.flatMap((task) =>
  models.flatMap((model) => seeds.map((seed) => ({ task, model, seed }))),
);
const key = (taskId: string, model: Model, seed: number) => `${taskId}/${model}/${seed}`;
const outcomes = new Map<string, boolean>();
// Runs go in a few lanes at once (node --test and the services work while the engine waits). Each lane has
// its own runtime, so its virtual clock and run ids are its own and every run stays deterministic.
const lanes = 3;

let scratch: string;

async function attempt(runtime: Runtime, job: (typeof jobs)[number]): Promise<boolean> {
  const directory = path.join(scratch, `${job.task.id}-${job.model}-${job.seed}`);
  const prepared = await job.task.prepare({ directory, seed: job.seed });
  try {
    const result = await startRun(runtime, {
      goal: prepared.goal,
      workspace: prepared.workspace,
      model: job.model,
      seed: job.seed,
      limits: { usd: 10, steps: 40 },
      onExhaust: ["best-effort"],
    });
    const grade = await prepared.grade({ answer: result.answer, workspace: prepared.workspace });
    return grade.success;
  } finally {
    await prepared.services?.close();
    await rm(directory, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  const tokenCounter = await loadTokenCounter();
  const tools: AnyTool[] = [
    ...createWorkspaceTools(),
    ...createShellTools({
      allowlist: [
        ["node", "--test"],
        ["npm", "test"],
      ],
    }),
    ...createHttpTools({ allowedHosts: ["127.0.0.1"], allowPrivateAddresses: true }),
    ...createDocumentTools({ tokenCounter }),
    // Commands and writes to the API would wait for a person's approval; these runs have nobody to ask.
  ].map((tool) => ({ ...tool, requiresApproval: false }));
  scratch = await mkdtemp(path.join(os.tmpdir(), "agentone-skills-"));
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      const runtime = await createTestRuntime({ tools });
      try {
        for (let index = lane; index < jobs.length; index += lanes) {
          const job = jobs[index] as (typeof jobs)[number];
          outcomes.set(key(job.task.id, job.model, job.seed), await attempt(runtime, job));
        }
      } finally {
        await runtime.store.close();
      }
    }),
  );
}, 300_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

function successes(taskId: string, model: Model): number {
  return seeds.filter((seed) => outcomes.get(key(taskId, model, seed))).length;
}

function total(model: Model): number {
  return benchTasks.reduce((sum, task) => sum + successes(task.id, model), 0);
}

describe("the simulated models work the benchmark tasks through the tools", () => {
  for (const task of benchTasks) {
    it(`${task.id}: premium succeeds on at least half the seeds`, () => {
      const counts = Object.fromEntries(models.map((model) => [model, successes(task.id, model)]));
      console.info(`${task.id}: successes of ${seeds.length} seeds ${JSON.stringify(counts)}`);
      expect(successes(task.id, "sim-premium")).toBeGreaterThanOrEqual(2);
    });
  }

  // Seeded, so deterministic: the counts are fixed by the seeds and the calibration in tier-behaviour.ts.
  // The calibration expects premium to fail roughly one task run in eight, so a floor of 3 of 4 on each
  // of six tasks would fail on unlucky seeds; "most" is asserted over all 24 runs instead.
  it("premium succeeds on most runs, and cheap and local fail more often over the same seeds", () => {
    const totals = Object.fromEntries(models.map((model) => [model, total(model)]));
    console.info(`successes of ${benchTasks.length * seeds.length} runs: ${JSON.stringify(totals)}`);
    expect(total("sim-premium")).toBeGreaterThanOrEqual(18);
    expect(total("sim-premium")).toBeGreaterThan(total("sim-cheap"));
    expect(total("sim-premium")).toBeGreaterThan(total("sim-local"));
  });
});
