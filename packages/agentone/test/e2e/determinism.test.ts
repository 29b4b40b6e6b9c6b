import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { simulatedBackends } from "@agentone/simulated";
import { afterEach, describe, expect, it } from "vitest";
import { loadTokenCounter } from "../../src/backends/token-counter.js";
import { VirtualClock } from "../../src/core/clock/index.js";
import type { RunEvent } from "../../src/core/events/run-event.js";
import { createRandomIdGenerator } from "../../src/core/ids.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import { compareEvent, describeDivergence } from "../../src/engine/replay/compare-events.js";
import { createRuntime } from "../../src/engine/runtime.js";
import { createTestStore } from "../../src/testing/test-store.js";
import { repositoryRoot } from "../support/cli-harness.js";

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/**
 * One run in a process of its own, as `agentone run` makes it: a fresh store, fresh backend health, random
 * ids, and a virtual clock starting at `start` (so times differ between the two runs as they would).
 */
async function runOnce(input: { example: string; seed: number; start: number }): Promise<RunEvent[]> {
  const clock = new VirtualClock({ start: input.start });
  const store = await createTestStore();
  cleanups.push(() => store.close());
  const tokenCounter = await loadTokenCounter();
  const runtime = createRuntime({
    store,
    tokenCounter,
    clock,
    backends: simulatedBackends({ clock, tokenCounter }),
    ids: createRandomIdGenerator(() => clock.now()),
  });
  const workspace = join(repositoryRoot, input.example);
  const goal = (await readFile(join(workspace, "TASK.md"), "utf8")).trim();
  const result = await startRun(runtime, { goal, workspace, seed: input.seed });
  return store.readEvents(result.runId);
}

function firstDivergence(left: readonly RunEvent[], right: readonly RunEvent[]): string | null {
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const divergence = compareEvent({ recorded: left[index], replayed: right[index], index });
    if (divergence) return describeDivergence(divergence);
  }
  return null;
}

// Whole simulated runs on a shared machine: generous time, no timing assertions.
describe("determinism on the simulated models", { timeout: 120_000 }, () => {
  it.each(["examples/ci-failure", "examples/docs-question"])(
    "two runs of %s with one seed log the same events, ids and times aside",
    async (example) => {
      const first = await runOnce({ example, seed: 7, start: Date.parse("2026-03-01T09:00:00Z") });
      const second = await runOnce({ example, seed: 7, start: Date.parse("2026-07-15T17:30:00Z") });
      expect(first.at(-1)?.type).toBe("run-end");
      expect(first[0]?.runId).not.toBe(second[0]?.runId);
      expect(first[1]?.at).not.toBe(second[1]?.at);
      expect(firstDivergence(first, second)).toBeNull();
      expect(second).toHaveLength(first.length);
    },
  );

  it("another seed gives another run (the seed is what decides)", async () => {
    const runs: RunEvent[][] = [];
    for (const seed of [1, 2, 3, 4])
      runs.push(
        await runOnce({ example: "examples/ci-failure", seed, start: Date.parse("2026-03-01T09:00:00Z") }),
      );
    const divergences = runs.slice(1).map((run) => firstDivergence(runs[0] ?? [], run));
    expect(divergences.some((divergence) => divergence !== null)).toBe(true);
  });
});
