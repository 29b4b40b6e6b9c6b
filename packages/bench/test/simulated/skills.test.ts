import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { AnyTool, Runtime } from "agentone";
import { createWorkspaceTools, loadTokenCounter, startRun } from "agentone";
import { createDocumentTools, createHttpTools, createShellTools } from "agentone/internal";
import { createTestRuntime } from "agentone/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchTasks } from "../../src/bench/tasks/index.js";

// The default suite's smoke run: each task once, end to end, with the real tools and the task's own grader.
// The success rates over all models and seeds (72 runs) are checked by skills.slow.test.ts (`npm run test:slow`).
const seeds = [1];
const models = ["sim-premium"] as const;
type Model = (typeof models)[number];

const jobs = benchTasks.flatMap((task) =>
  models.flatMap((model) => seeds.map((seed) => ({ task, model, seed }))),
);
const key = (taskId: string, model: Model, seed: number) => `${taskId}/${model}/${seed}`;
const outcomes = new Map<string, { status: string; graded: boolean }>();
// Runs go in a few lanes at once (node --test and the services work while the engine waits). Each lane has
// its own runtime, so its virtual clock and run ids are its own and every run stays deterministic.
const lanes = 3;

let scratch: string;

async function attempt(
  runtime: Runtime,
  job: (typeof jobs)[number],
): Promise<{ status: string; graded: boolean }> {
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
    return { status: result.status, graded: typeof grade.success === "boolean" };
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

describe("the simulated model works each benchmark task through the real tools (smoke run)", () => {
  for (const task of benchTasks) {
    it(`${task.id}: the run ends with a result and the task's grader gives its verdict`, () => {
      expect(outcomes.get(key(task.id, "sim-premium", 1))).toEqual({ status: "completed", graded: true });
    });
  }
});
