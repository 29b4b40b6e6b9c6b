import { describe, expect, it } from "vitest";
import { PgliteExecutor } from "../../src/store/pglite/pglite-executor.js";
import { SqlStore } from "../../src/store/sql/sql-store.js";
import { createTestDatabase, createTestStore } from "../../src/testing/test-store.js";
import { openingEvents, sampleRun, uniqueRunId } from "./sample-events.js";
import { runStoreContract } from "./store-contract.js";

runStoreContract("PGlite", async () => {
  const executor = new PgliteExecutor(await createTestDatabase());
  const store = new SqlStore(executor);
  return { store, executor, cleanup: () => store.close() };
});

describe("createTestStore", () => {
  it("hands out independent, migrated stores", async () => {
    const first = await createTestStore();
    const second = await createTestStore();
    try {
      const runId = uniqueRunId();
      await first.createRun(sampleRun(runId), openingEvents(runId));
      expect(await first.listRuns()).toHaveLength(1);
      expect(await second.listRuns()).toEqual([]);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
