import { join } from "node:path";
import { simulatedBackends } from "@agentone/simulated";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackendRegistry } from "../../src/backends/backend-registry.js";
import { ModelCatalog } from "../../src/backends/model-catalog.js";
import { loadTokenCounter, type TokenCounter } from "../../src/backends/token-counter.js";
import { RealClock, VirtualClock } from "../../src/core/clock/index.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import { createRuntime, type RuntimeOptions } from "../../src/engine/runtime.js";
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

describe("the library's choice of models", () => {
  it("is the caller's: without backends, createRuntime refuses with a ConfigError naming them", () => {
    // A JavaScript caller (or a cast) can leave them out; no simulated model steps in.
    const options = { store, tokenCounter } as unknown as RuntimeOptions;
    expect(() => createRuntime(options)).toThrow(
      expect.objectContaining({ code: "CONFIG_ERROR", details: { key: "backends" } }),
    );
    expect(() => createRuntime(options)).toThrow(/createRuntime needs `backends`/);
  });

  it("runs the simulated models when asked, on a virtual clock where their latencies take no real time", async () => {
    const clock = new VirtualClock({ start: Date.now() });
    const runtime = createRuntime({
      store,
      tokenCounter,
      clock,
      backends: simulatedBackends({ clock, tokenCounter }),
    });
    expect(runtime.clock).toBe(clock);
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
});

describe("the library's default clock", () => {
  it("is real: backends are built on a clock of the caller's choosing, passed with them", () => {
    const backends = new BackendRegistry({ catalog: new ModelCatalog([]), backends: [] });
    expect(createRuntime({ store, tokenCounter, backends }).clock).toBeInstanceOf(RealClock);
  });
});
