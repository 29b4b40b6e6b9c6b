import { access, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadTokenCounter } from "agentone";
import { createTestStore } from "agentone/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BenchPolicy } from "../policies/index.js";
import type { BenchTask, GradeResult } from "../tasks/index.js";
import { prepareWorkspaceDirectory } from "../tasks/prepare-directory.js";
import { benchRecordSchema } from "./bench-record.js";
import { runUnit, type UnitEnvironment } from "./run-unit.js";
import { createSimulatedBenchBackend } from "./simulated-bench-backend.js";

let environment: UnitEnvironment;
let workRoot: string;
let store: Awaited<ReturnType<typeof createTestStore>>;

beforeAll(async () => {
  const tokenCounter = await loadTokenCounter();
  workRoot = await mkdtemp(path.join(tmpdir(), "agentone-run-unit-"));
  store = await createTestStore();
  environment = {
    backend: createSimulatedBenchBackend({ tokenCounter }),
    store,
    benchId: "bench_test",
    tokenCounter,
    workRoot,
    now: () => 0,
  };
});
afterAll(async () => {
  await store.close();
  await rm(workRoot, { recursive: true, force: true });
});

const passed: GradeResult = { success: true, quality: 1, explanation: "ok", checks: [] };

/** A small task with no child processes: a README to read, graded by whether an answer came back. */
function readmeTask(overrides: { grade?: () => Promise<GradeResult>; fail?: "prepare" | "close" } = {}) {
  const closed: string[] = [];
  const task: BenchTask = {
    id: "readme",
    title: "Read the README",
    description: "test task",
    rubric: "answered",
    async prepare(options) {
      if (overrides.fail === "prepare") throw new Error("the fixture could not be written");
      const workspace = await prepareWorkspaceDirectory(options);
      await writeFile(
        path.join(workspace, "README.md"),
        "# Orders\n\nThe service refunds duplicate charges.\n",
      );
      return {
        workspace,
        goal: "Summarize README.md in one sentence.",
        services: {
          baseUrl: "http://127.0.0.1:1",
          close: async () => {
            closed.push(workspace);
            if (overrides.fail === "close") throw new Error("the service would not stop");
          },
        },
        grade: overrides.grade ?? (async (outcome) => ({ ...passed, success: outcome.answer !== null })),
      };
    },
  };
  return { task, closed };
}

const agentone: BenchPolicy = {
  name: "agentone",
  group: "routing",
  description: "test",
  plan: () => ({ stages: [{ quality: "balanced", onExhaust: ["degrade", "summarize"] }] }),
};

describe("runUnit", () => {
  it("prepares, runs, grades and cleans up, giving one valid record and its timing", async () => {
    const { task, closed } = readmeTask();
    const { records, timings } = await runUnit(
      { task, policy: agentone, seed: 1, stages: [{ quality: "balanced" }], faults: [] },
      environment,
    );
    expect(records).toHaveLength(1);
    const record = benchRecordSchema.parse(records[0]);
    expect(record).toMatchObject({
      task: "readme",
      policy: "agentone",
      seed: 1,
      pass: 1,
      stages: 1,
      error: null,
    });
    expect(record.simulated).toBe(true);
    expect(record.costUsd).toBeGreaterThan(0);
    expect(record.modelCalls).toBeGreaterThan(0);
    expect(timings).toMatchObject([{ task: "readme", policy: "agentone", seed: 1, pass: 1 }]);
    expect(timings[0]?.runIds).toHaveLength(1);
    // The service was closed and the workspace removed.
    expect(closed).toHaveLength(1);
    await expect(access(closed[0] ?? "")).rejects.toThrow();
  });

  it("escalates a cascade when its first run ends without an answer, adding both runs up", async () => {
    const { task } = readmeTask();
    const cascade: BenchPolicy = {
      ...agentone,
      name: "cascade",
      escalate: (stage) => stage.outcome !== "complete",
    };
    const starved = {
      model: "sim-cheap",
      limits: { usd: 0.000001, steps: 10 },
      onExhaust: ["best-effort" as const],
    };
    const { records } = await runUnit(
      {
        task,
        policy: cascade,
        seed: 1,
        stages: [starved, { model: "sim-premium", onExhaust: ["best-effort"] }],
        faults: [],
      },
      environment,
    );
    const record = records[0];
    expect(record?.stages).toBe(2);
    expect(record?.models).toEqual(["sim-premium"]);
    expect(record?.outcome).toBe("complete");
    expect(record?.success).toBe(true);
  });

  it("does not escalate a cascade whose first run answered", async () => {
    const { task } = readmeTask();
    const cascade: BenchPolicy = {
      ...agentone,
      name: "cascade",
      escalate: (stage) => stage.outcome !== "complete",
    };
    const { records } = await runUnit(
      {
        task,
        policy: cascade,
        seed: 1,
        stages: [{ model: "sim-cheap" }, { model: "sim-premium" }],
        faults: [],
      },
      environment,
    );
    expect(records[0]).toMatchObject({ stages: 1, models: ["sim-cheap"] });
  });

  it("runs each pass of a two-pass policy and records them apart", async () => {
    const { task } = readmeTask();
    const twoPass: BenchPolicy = { ...agentone, name: "cache-on", passes: 2 };
    const { records } = await runUnit(
      {
        task,
        policy: twoPass,
        seed: 1,
        stages: [{ quality: "balanced", cache: { models: true, tools: true } }],
        faults: [],
      },
      environment,
    );
    expect(records.map((record) => record.pass)).toEqual([1, 2]);
    expect(records[1]?.cacheHits).toBeGreaterThan(0);
    expect(records[1]?.costUsd).toBeLessThan(records[0]?.costUsd ?? 0);
  });

  it("records a grader that throws as a harness error, not a crash", async () => {
    const { task, closed } = readmeTask({
      grade: async () => {
        throw new Error("node --test could not start\nmore detail");
      },
    });
    const { records } = await runUnit(
      { task, policy: agentone, seed: 2, stages: [{}], faults: [] },
      environment,
    );
    expect(records[0]).toMatchObject({
      success: false,
      quality: 0,
      error: "node --test could not start",
      stages: 1,
    });
    expect(closed).toHaveLength(1);
  });

  it("records a task that cannot be prepared as a harness error with no runs", async () => {
    const { task } = readmeTask({ fail: "prepare" });
    const { records } = await runUnit(
      { task, policy: agentone, seed: 3, stages: [{}], faults: [] },
      environment,
    );
    expect(benchRecordSchema.parse(records[0])).toMatchObject({
      success: false,
      stages: 0,
      costUsd: 0,
      error: "the fixture could not be written",
      models: [],
    });
  });

  it("records a clean-up that fails as a harness error, after grading, and still removes the workspace", async () => {
    const { task, closed } = readmeTask({ fail: "close" });
    const { records } = await runUnit(
      { task, policy: agentone, seed: 4, stages: [{}], faults: [] },
      environment,
    );
    expect(records[0]).toMatchObject({
      success: false,
      stages: 1,
      error: "cleaning up failed: the service would not stop",
    });
    await expect(access(closed[0] ?? "")).rejects.toThrow();
  });
});
