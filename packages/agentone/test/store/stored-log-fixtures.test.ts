import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/core/clock/index.js";
import { parseRunEvent, type RunEvent } from "../../src/core/events/run-event.js";
import { replayRun } from "../../src/engine/replay/replay-run.js";
import { PgliteExecutor } from "../../src/store/pglite/pglite-executor.js";
import { SqlStore } from "../../src/store/sql/sql-store.js";
import { ScriptedBackend } from "../../src/testing/scripted-backend.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import { createTestDatabase } from "../../src/testing/test-store.js";
import { packageRoot } from "../support/cli-harness.js";
import { modelCallStartEvent } from "./sample-payload-events.js";

const folder = join(packageRoot, "test/fixtures/store-logs");
type Rows = Record<"runs" | "events" | "budget_ledger" | "payloads", Record<string, unknown>[]>;
const rows = JSON.parse(readFileSync(join(folder, "payload-format-1.json"), "utf8")) as Rows;
const recorded: RunEvent[] = readFileSync(join(folder, "payload-format-1.events.jsonl"), "utf8")
  .trim()
  .split("\n")
  .map((line) => parseRunEvent(JSON.parse(line)));
const runId = String(rows.runs[0]?.id);

/** Inserts the fixture's rows as they were stored, bypassing the store's writer. */
async function loadRows(executor: PgliteExecutor): Promise<void> {
  for (const [table, tableRows] of Object.entries(rows)) {
    for (const row of tableRows) {
      const columns = Object.keys(row);
      const placeholders = columns.map((column, index) =>
        column === "payload" ? `$${index + 1}::jsonb` : `$${index + 1}`,
      );
      await executor.query(
        `insert into ${table} (${columns.join(", ")}) values (${placeholders.join(", ")})`,
        columns.map((column) => row[column]),
      );
    }
  }
}

describe("a log stored in payload format 1 (every message listed in every model call)", () => {
  let executor: PgliteExecutor;
  let store: SqlStore;

  beforeAll(async () => {
    executor = new PgliteExecutor(await createTestDatabase());
    store = new SqlStore(executor);
    await loadRows(executor);
  });

  afterAll(async () => {
    await store.close();
  });

  it("is what the fixture says: format 1 rows, with a nested model call", () => {
    expect(new Set(rows.events.map((row) => row.payload_format))).toEqual(new Set([1]));
    const starts = recorded.filter((event) => event.type === "model-call-start");
    expect(starts.length).toBeGreaterThan(4);
    expect(starts.some((event) => event.nested !== undefined)).toBe(true);
  });

  it("reads back the events that build read", async () => {
    expect(await store.readEvents(runId)).toEqual(recorded);
  });

  it("verifies as intact and chained, by the format it was written in", async () => {
    expect(await store.verifyRun(runId)).toMatchObject({
      events: recorded.length,
      unchainedEvents: 0,
      headHash: rows.runs[0]?.head_hash,
      problem: null,
    });
  });

  it("replays identically", async () => {
    const clock = new VirtualClock();
    const runtime = await createTestRuntime({ backend: new ScriptedBackend({ steps: [], clock }), clock });
    try {
      const replay = await replayRun({ events: await store.readEvents(runId), base: runtime });
      expect(replay.error).toBeNull();
      expect(replay.divergence).toBeNull();
      expect(replay.events).toHaveLength(recorded.length);
    } finally {
      await runtime.store.close();
    }
  });

  it("takes events in the current format after the old ones, and still verifies", async () => {
    const last = recorded.filter((event) => event.type === "model-call-start").at(-1);
    const messages = last?.type === "model-call-start" ? last.request.messages : [];
    const next = modelCallStartEvent(runId, recorded.length, [
      ...messages,
      { role: "user", content: "More." },
    ]);
    await store.appendEvents(runId, [next]);
    expect(await store.readEvents(runId)).toEqual([...recorded, next]);
    expect(await store.verifyRun(runId)).toMatchObject({ events: recorded.length + 1, problem: null });
  });
});
