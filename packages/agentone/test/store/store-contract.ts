import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SqlExecutor } from "../../src/store/sql/sql-executor.js";
import type { Store } from "../../src/store/store.js";
import {
  openingEvents,
  reserveEvent,
  runStartEvent,
  sampleRun,
  settleEvent,
  timeAt,
  transitionEvent,
  uniqueRunId,
} from "./sample-events.js";
import { defineCacheTests } from "./store-cache-contract.js";
import { defineIntegrityTests } from "./store-integrity-contract.js";
import { defineDamagedPayloadTests, definePayloadTests } from "./store-payload-contract.js";
import { defineQueryTests } from "./store-query-contract.js";
import { defineTenantTests } from "./store-tenant-contract.js";

/** What each store implementation under test provides; the executor reaches the same database raw. */
export interface StoreUnderTest {
  store: Store;
  executor: SqlExecutor;
  cleanup: () => Promise<void>;
}

/**
 * The behaviour every Store must show. Tests use fresh run ids and leave other runs alone, so a factory may
 * hand out stores that share one database.
 */
export function runStoreContract(name: string, factory: () => Promise<StoreUnderTest>): void {
  describe(`${name} store contract`, () => {
    let subject: StoreUnderTest;
    let store: Store;
    let runId: string;

    beforeEach(async () => {
      subject = await factory();
      store = subject.store;
      runId = uniqueRunId();
    });

    afterEach(async () => {
      await subject.cleanup();
    });

    it("reads back a created run and its events, in order", async () => {
      const run = sampleRun(runId);
      await store.createRun(run, openingEvents(runId));
      expect(await store.readEvents(runId)).toEqual(openingEvents(runId));
      // A run written without a tenant is the default tenant's, as every CLI run is.
      expect(await store.getRun(runId)).toEqual({ ...run, tenant: "default" });
      expect(await store.getRun(uniqueRunId())).toBeUndefined();
    });

    it("writes nothing when createRun fails", async () => {
      const clashing = [runStartEvent(runId, 0), runStartEvent(runId, 0)];
      await expect(store.createRun(sampleRun(runId), clashing)).rejects.toMatchObject({
        code: "STORE_ERROR",
      });
      expect(await store.getRun(runId)).toBeUndefined();
      await store.createRun(sampleRun(runId), openingEvents(runId));
      await expect(store.createRun(sampleRun(runId), [])).rejects.toMatchObject({ code: "STORE_ERROR" });
    });

    it("appends batches after the opening events", async () => {
      await store.createRun(sampleRun(runId), openingEvents(runId));
      await store.appendEvents(runId, [reserveEvent(runId, 2)]);
      await store.appendEvents(runId, [settleEvent(runId, 3), transitionEvent(runId, 4)]);
      const events = await store.readEvents(runId);
      expect(events.map((event) => event.seq)).toEqual([0, 1, 2, 3, 4]);
      expect(events[3]).toEqual(settleEvent(runId, 3));
    });

    it("rejects a batch with a duplicate seq and writes none of it", async () => {
      await store.createRun(sampleRun(runId), openingEvents(runId));
      const batch = [reserveEvent(runId, 2), settleEvent(runId, 1)];
      await expect(store.appendEvents(runId, batch, { status: "running" })).rejects.toMatchObject({
        code: "STORE_ERROR",
      });
      expect(await store.readEvents(runId)).toEqual(openingEvents(runId));
      expect(await store.readLedger(runId)).toEqual([]);
      expect((await store.getRun(runId))?.status).toBe("created");
    });

    it("derives ledger rows from budget-reserve and budget-settle events", async () => {
      await store.createRun(sampleRun(runId), openingEvents(runId));
      await store.appendEvents(runId, [
        reserveEvent(runId, 2),
        transitionEvent(runId, 3),
        settleEvent(runId, 4),
      ]);
      const common = { runId, reservationId: "reservation-1", step: 1, toolCalls: 0 };
      expect(await store.readLedger(runId)).toEqual([
        {
          ...common,
          seq: 2,
          kind: "reserve",
          nanoUsd: 5_000_000_000,
          inputTokens: 1200,
          outputTokens: 800,
          modelCalls: 1,
          at: timeAt(2),
        },
        {
          ...common,
          seq: 4,
          kind: "settle",
          nanoUsd: 3_000_000_000,
          inputTokens: 1100,
          outputTokens: 300,
          modelCalls: 1,
          at: timeAt(4),
        },
      ]);
    });

    it("writes a batch larger than one statement's parameter limit, in one transaction", async () => {
      await store.createRun(sampleRun(runId), openingEvents(runId));
      // 9,500 events of 7 parameters each is past the protocol's 65,535 bind parameters per statement.
      const batch = Array.from({ length: 9_500 }, (_, index) =>
        index % 2 === 0 ? reserveEvent(runId, index + 2) : settleEvent(runId, index + 2),
      );
      await store.appendEvents(runId, batch, { status: "running" });
      const events = await store.readEvents(runId);
      expect(events).toHaveLength(9_502);
      expect(events.at(-1)).toEqual(batch.at(-1));
      expect(await store.readLedger(runId)).toHaveLength(9_500);
      // A clash in the last slice rolls back the slices before it.
      const clashing = [
        ...Array.from({ length: 9_400 }, (_, index) => transitionEvent(runId, 9_502 + index)),
        transitionEvent(runId, 5),
      ];
      await expect(store.appendEvents(runId, clashing)).rejects.toMatchObject({ code: "STORE_ERROR" });
      expect(await store.readEvents(runId)).toHaveLength(9_502);
    }, 60_000);

    it("applies the run update with the batch", async () => {
      await store.createRun(sampleRun(runId), openingEvents(runId));
      const update = {
        status: "completed",
        outcome: "complete",
        terminationReason: "done",
        costNanoUsd: 3_000_000_000,
      } as const;
      await store.appendEvents(runId, [reserveEvent(runId, 2), settleEvent(runId, 3)], update);
      expect(await store.getRun(runId)).toEqual({
        ...sampleRun(runId),
        ...update,
        updatedAt: timeAt(3),
        tenant: "default",
      });
      await store.appendEvents(runId, [], { outcome: null });
      expect((await store.getRun(runId))?.outcome).toBeNull();
    });

    it("reports appending to a missing run as not found", async () => {
      const missing = uniqueRunId();
      await expect(store.appendEvents(missing, [runStartEvent(missing, 0)])).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
      await expect(store.appendEvents(missing, [], { status: "running" })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
      // The store's own check of the run, not a foreign key (migration 009 dropped them), keeps orphan rows out.
      const foreignKeys = await subject.executor.query(
        "select conname from pg_constraint where contype = 'f' and conrelid in ('events'::regclass, 'budget_ledger'::regclass)",
      );
      expect(foreignKeys).toEqual([]);
      for (const table of ["events", "budget_ledger"]) {
        const rows = await subject.executor.query(`select 1 from ${table} where run_id = $1`, [missing]);
        expect(rows).toEqual([]);
      }
    });

    it("refuses raw updates and deletes of events and ledger rows", async () => {
      await store.createRun(sampleRun(runId), [...openingEvents(runId), reserveEvent(runId, 2)]);
      const { executor } = subject;
      for (const table of ["events", "budget_ledger"]) {
        await expect(
          executor.query(`update ${table} set seq = seq + 100 where run_id = $1`, [runId]),
        ).rejects.toThrow(/append-only/);
        await expect(executor.query(`delete from ${table} where run_id = $1`, [runId])).rejects.toThrow(
          /append-only/,
        );
      }
      expect(await store.readEvents(runId)).toHaveLength(3);
      expect(await store.readLedger(runId)).toHaveLength(1);
    });

    defineQueryTests(() => subject);
    definePayloadTests(() => subject);
    defineIntegrityTests(() => subject);
    defineDamagedPayloadTests(() => subject);
    defineCacheTests(() => subject);
    defineTenantTests(() => subject);
  });
}
