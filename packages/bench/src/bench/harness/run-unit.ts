import { rm } from "node:fs/promises";
import path from "node:path";
import type { FaultSpec } from "@agentone/simulated";
import type { Store, TokenCounter } from "agentone";
import { createRandomIdGenerator } from "agentone";
import { hashString } from "agentone/internal";
import type { BenchPolicy, PolicyRunFields } from "../policies/index.js";
import type { BenchTask, GradeResult, PreparedTask } from "../tasks/index.js";
import type { BenchBackend, RunModels } from "./bench-backend.js";
import type { BenchRecord } from "./bench-record.js";
import { buildRecord } from "./build-record.js";
import { runStage, type StageResult } from "./run-stage.js";
import { aliasServiceAddress, type ServiceAddress, serviceAliasUrl } from "./service-alias.js";

/** One (task, policy, seed) to run: the policy's stages for it and the faults to inject. */
export interface BenchUnit {
  task: BenchTask;
  policy: BenchPolicy;
  seed: number;
  stages: PolicyRunFields[];
  faults: FaultSpec;
}

/** Real time a pass took, for `meta.json` (never `results.json`: it differs between machines and runs). */
export interface PassTiming {
  task: string;
  policy: string;
  seed: number;
  pass: number;
  /** Preparing fixtures, running the agent, grading and cleaning up, milliseconds. */
  totalMs: number;
  /** The agent's runs alone. */
  agentMs: number;
  /** The grader alone (child `node --test` runs, service state checks). */
  gradeMs: number;
  /** The runs in the bench's store (`AGENTONE_HOME=<out> agentone show RUN`). */
  runIds: string[];
}

/** What the harness needs to run units. */
export interface UnitEnvironment {
  backend: BenchBackend;
  /** The bench's store, shared by every unit. */
  store: Store;
  /** Unique to the bench: cache tenants start with it, so no bench reads another's cache entries. */
  benchId: string;
  tokenCounter: TokenCounter;
  /** The bench's folder for workspaces; each stage's workspace is a fixed name under it. */
  workRoot: string;
  /** Real time, milliseconds: only for timings. */
  now: () => number;
}

function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0] ?? message;
}

/** The goal and the service address a stage's run gets: a task service is reached by its alias. */
async function stageInput(prepared: PreparedTask): Promise<{ goal: string; service?: ServiceAddress }> {
  const live = prepared.services?.baseUrl;
  if (live === undefined) return { goal: prepared.goal };
  const service = { alias: serviceAliasUrl, live };
  const goal = await aliasServiceAddress({
    goal: prepared.goal,
    workspace: prepared.workspace,
    address: service,
  });
  return { goal, service };
}

/** Closes what a stage opened, in order; the first failure is returned, never thrown. */
async function cleanUp(steps: readonly (() => Promise<unknown>)[]): Promise<string | null> {
  let failure: string | null = null;
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      failure ??= `cleaning up failed: ${describeError(error)}`;
    }
  }
  return failure;
}

async function runPass(
  unit: BenchUnit,
  context: { environment: UnitEnvironment; pass: number },
): Promise<{ record: BenchRecord; timing: PassTiming }> {
  const { environment, pass } = context;
  const { task, policy, seed } = unit;
  const started = environment.now();
  const timing = { agentMs: 0, gradeMs: 0 };
  const stages: StageResult[] = [];
  const runIds: string[] = [];
  let grade: GradeResult | null = null;
  let error: string | null = null;
  for (const [index, fields] of unit.stages.entries()) {
    // A fixed name: every pass and every bench puts this stage's workspace at the same path.
    const directory = path.join(environment.workRoot, `${task.id}.${policy.name}.${seed}.${index + 1}`);
    let prepared: PreparedTask | undefined;
    let models: RunModels | undefined;
    let escalated = false;
    try {
      prepared = await task.prepare({ directory, seed });
      // Faults are drawn per task and seed, so that two tasks with one seed do not fail at the same calls.
      models = await environment.backend.openRun({
        faultSeed: hashString(`${task.id}:${seed}`),
        faults: unit.faults,
      });
      const input = await stageInput(prepared);
      const agentStarted = environment.now();
      const stage = await runStage({
        models,
        store: environment.store,
        cacheTenant: `${environment.benchId}/${task.id}/${policy.name}/${seed}`,
        ...(input.service === undefined ? {} : { service: input.service }),
        // Ordinary random ids: unique in a store that several benches may share. They never reach the
        // model, so they do not change what it does.
        ids: createRandomIdGenerator(environment.now),
        tokenCounter: environment.tokenCounter,
        task: { goal: input.goal, workspace: prepared.workspace, seed },
        fields,
      });
      timing.agentMs += environment.now() - agentStarted;
      stages.push(stage);
      runIds.push(stage.result.runId);
      escalated = index < unit.stages.length - 1 && (policy.escalate?.(stage.result) ?? false);
      if (!escalated) {
        const gradeStarted = environment.now();
        grade = await prepared.grade({ answer: stage.result.answer, workspace: prepared.workspace });
        timing.gradeMs += environment.now() - gradeStarted;
      }
    } catch (caught) {
      error = describeError(caught);
    }
    const cleanupFailure = await cleanUp([
      async () => models?.close(),
      async () => prepared?.services?.close(),
      () => rm(directory, { recursive: true, force: true }),
    ]);
    error ??= cleanupFailure;
    if (!escalated || error !== null) break;
  }
  const key = { task: task.id, policy: policy.name, seed, pass };
  return {
    record: buildRecord({ key, stages, grade, error, simulated: environment.backend.simulated }),
    timing: { ...key, totalMs: environment.now() - started, ...timing, runIds },
  };
}

/**
 * Runs one unit. Each pass (a caching policy makes two, under a cache tenant of the unit's own, so the
 * second pass can reuse the first's cache and no other unit can) prepares the task in a fresh workspace,
 * runs the policy's stages (a cascade goes on to the next only when its rule says so), grades the last
 * stage's outcome, and closes the models and any service and removes the workspace. A run, grader or
 * clean-up that throws gives a failed record with `error` set; the bench goes on.
 *
 * @example
 * ```ts
 * const { records } = await runUnit(unit, environment);
 * records[0]?.success;
 * ```
 */
export async function runUnit(
  unit: BenchUnit,
  environment: UnitEnvironment,
): Promise<{ records: BenchRecord[]; timings: PassTiming[] }> {
  const records: BenchRecord[] = [];
  const timings: PassTiming[] = [];
  for (let pass = 1; pass <= (unit.policy.passes ?? 1); pass++) {
    const { record, timing } = await runPass(unit, { environment, pass });
    records.push(record);
    timings.push(timing);
  }
  return { records, timings };
}
