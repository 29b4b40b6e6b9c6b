import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadTokenCounter, type TokenCounter } from "agentone";
import { createTestStore } from "agentone/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBenchProgress } from "../../src/bench/harness/bench-progress.js";
import { runBench } from "../../src/bench/harness/run-bench.js";
import { selectTasks } from "../../src/bench/harness/select-tasks.js";
import { createWireBenchBackend } from "../../src/bench/harness/wire-bench-backend.js";
import { selectPolicies } from "../../src/bench/policies/index.js";

let tokenCounter: TokenCounter;
let store: Awaited<ReturnType<typeof createTestStore>>;
beforeAll(async () => {
  tokenCounter = await loadTokenCounter();
  store = await createTestStore();
});
afterAll(() => store.close());

async function benchOverWire() {
  const backend = await createWireBenchBackend({ tokenCounter });
  return runBench({
    tasks: selectTasks(["triage-ci", "api-workflow"]),
    policies: selectPolicies({ names: ["cheap-only", "faults-10"] }),
    seeds: [1, 2],
    backend,
    store,
    concurrency: 2,
    tokenCounter,
    progress: createBenchProgress({ write: () => {}, interactive: false, now: () => 0 }),
    workBase: join(tmpdir(), "agentone-bench-wire-test"),
    now: Date.now,
  });
}

describe("the bench over the wire (sim-server, OpenAI protocol)", () => {
  it("finds the sim-server's models by asking it, as for any OpenAI-compatible server", async () => {
    const backend = await createWireBenchBackend({ tokenCounter });
    expect(backend.models.map((model) => model.id).sort()).toEqual([
      "wire/sim-cheap",
      "wire/sim-local",
      "wire/sim-premium",
      "wire/sim-standard",
    ]);
    expect(backend).toMatchObject({
      label: "wire",
      simulated: true,
      virtualClock: true,
      supportsFaults: true,
    });
  });

  it("runs every call over HTTP in simulated time, reproducibly, faults included", async () => {
    const first = await benchOverWire();
    expect(first.results).toMatchObject({ backend: "wire", simulated: true });
    expect(first.results.runs).toHaveLength(8);
    for (const run of first.results.runs) {
      expect(run.error).toBeNull();
      expect(run.models.length).toBeGreaterThan(0);
      for (const model of run.models) expect(model).toMatch(/^wire\/sim-/);
      // The server spends the simulated latency on the run's virtual clock.
      expect(run.latency.modelCallP50Ms).toBeGreaterThan(0);
    }
    const second = await benchOverWire();
    expect(second.results).toEqual(first.results);
  }, 180_000);
});
