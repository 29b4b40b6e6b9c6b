import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackendRegistry } from "../../src/backends/backend-registry.js";
import { ModelCatalog } from "../../src/backends/model-catalog.js";
import { loadTokenCounter, type TokenCounter } from "../../src/backends/token-counter.js";
import { RealClock, VirtualClock } from "../../src/core/clock/index.js";
import { createRuntime } from "../../src/engine/runtime.js";
import { startRun } from "../../src/engine/start-run.js";
import { buildReport } from "../../src/report/build-report.js";
import type { Store } from "../../src/store/store.js";
import { createTestStore } from "../../src/testing/test-store.js";
import { repositoryRoot } from "../support/cli-harness.js";

let store: Store & { close(): Promise<void> };
let tokenCounter: TokenCounter;
beforeAll(async () => {
  store = await createTestStore();
  tokenCounter = await loadTokenCounter();
});
afterAll(() => store.close());

describe("the library's default clock, like the CLI's --clock auto", () => {
  it("is virtual on the built-in simulated models, so their latencies take no real time", async () => {
    const runtime = createRuntime({ store, tokenCounter });
    expect(runtime.clock).toBeInstanceOf(VirtualClock);
    const result = await startRun(runtime, {
      goal: "Triage the CI failure in ci.log",
      workspace: join(repositoryRoot, "examples/ci-failure"),
      limits: { usd: 0.25, toolCalls: 20, steps: 3 },
      onExhaust: ["best-effort"],
    });
    const report = buildReport(await store.readEvents(result.runId));
    // The simulated calls took seconds of (virtual) time, recorded in the log.
    expect(report.wallClockMs).toBeGreaterThan(1000);
  });

  it("is real when the caller brings its own backends (built on a clock of its choosing)", () => {
    const backends = new BackendRegistry({ catalog: new ModelCatalog([]), backends: [] });
    expect(createRuntime({ store, tokenCounter, backends }).clock).toBeInstanceOf(RealClock);
  });
});
