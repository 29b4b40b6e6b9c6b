import { expect, it } from "vitest";
import { stableJson } from "../../src/core/stable-json.js";
import { chainHash } from "../../src/store/sql/event-chain.js";
import { messageDeltaPayloadFormat } from "../../src/store/sql/payload-references.js";
import type { SqlExecutor } from "../../src/store/sql/sql-executor.js";
import {
  reserveEvent,
  runStartEvent,
  sampleRun,
  settleEvent,
  transitionEvent,
  uniqueRunId,
} from "./sample-events.js";
import type { StoreUnderTest } from "./store-contract.js";

/** Rewrites rows as someone with raw database access would: the append-only triggers do not fire. */
async function tamper(executor: SqlExecutor, statements: [string, unknown[]][]): Promise<void> {
  await executor.transaction(async (transaction) => {
    await transaction.query("set local session_replication_role = replica");
    for (const [sql, parameters] of statements) await transaction.query(sql, parameters);
  });
}

/** The stored document of an event, as a rewrite would start from it. */
async function storedDocument(executor: SqlExecutor, runId: string, seq: number) {
  const [row] = await executor.query<{ payload: Record<string, unknown>; prev_hash: string | null }>(
    "select payload, prev_hash from events where run_id = $1 and seq = $2",
    [runId, seq],
  );
  if (row === undefined) throw new Error(`no event ${seq}`);
  return row;
}

/**
 * The tamper-evidence half of the store contract: events are chained by hash and the run row holds the
 * head, so rewriting history with the triggers bypassed is found by `verifyRun`, as is a run row or a
 * ledger row that no longer agrees with the events.
 */
export function defineIntegrityTests(current: () => StoreUnderTest): void {
  const settledRun = async () => {
    const { store } = current();
    const runId = uniqueRunId();
    await store.createRun(sampleRun(runId), [runStartEvent(runId, 0)]);
    await store.appendEvents(runId, [transitionEvent(runId, 1), reserveEvent(runId, 2)], {
      status: "running",
    });
    await store.appendEvents(runId, [settleEvent(runId, 3)], { costNanoUsd: 3_000_000_000 });
    return runId;
  };
  /** The last settlement rewritten to a cheaper one everywhere it shows: event, ledger and run row. */
  const cheaperSettlement = (runId: string, document: Record<string, unknown>) => {
    const actual = { ...(document.actual as object), nanoUsd: 2_500_000_000 };
    const rewritten = { ...document, actual };
    return {
      rewritten,
      statements: [
        [
          "update events set payload = $3::jsonb where run_id = $1 and seq = $2",
          [runId, 3, stableJson(rewritten)],
        ],
        ["update budget_ledger set nano_usd = 2500000000 where run_id = $1 and seq = 3", [runId]],
        ["update runs set cost_nano_usd = 2500000000 where id = $1", [runId]],
      ] as [string, unknown[]][],
    };
  };

  it("verifies an untouched run as intact and chained", async () => {
    const { store } = current();
    const runId = await settledRun();
    expect(await store.verifyRun(runId)).toMatchObject({ events: 4, unchainedEvents: 0, problem: null });
  });

  it("finds a rewritten event by its hash, even when ledger and run row were rewritten to match", async () => {
    const { store, executor } = current();
    const runId = await settledRun();
    const { payload } = await storedDocument(executor, runId, 3);
    await tamper(executor, cheaperSettlement(runId, payload).statements);
    expect((await store.verifyRun(runId)).problem).toMatchObject({ table: "events", seq: 3 });
  });

  it("finds a rewritten last event whose hash was recomputed, through the run row's head", async () => {
    const { store, executor } = current();
    const runId = await settledRun();
    const { payload, prev_hash } = await storedDocument(executor, runId, 3);
    const { rewritten, statements } = cheaperSettlement(runId, payload);
    const hash = chainHash({
      prevHash: prev_hash,
      payloadFormat: messageDeltaPayloadFormat,
      document: rewritten,
    });
    await tamper(executor, [
      ...statements,
      ["update events set hash = $3 where run_id = $1 and seq = $2", [runId, 3, hash]],
    ]);
    expect((await store.verifyRun(runId)).problem).toMatchObject({ table: "runs", seq: null });
  });

  it("finds a rewritten middle event whose hash was recomputed, at the event after it", async () => {
    const { store, executor } = current();
    const runId = await settledRun();
    const { payload, prev_hash } = await storedDocument(executor, runId, 2);
    const rewritten = { ...payload, maxOutputTokens: 80_000 };
    const hash = chainHash({
      prevHash: prev_hash,
      payloadFormat: messageDeltaPayloadFormat,
      document: rewritten,
    });
    await tamper(executor, [
      [
        "update events set payload = $2::jsonb, hash = $3 where run_id = $1 and seq = 2",
        [runId, stableJson(rewritten), hash],
      ],
    ]);
    expect((await store.verifyRun(runId)).problem).toMatchObject({ table: "events", seq: 3 });
  });

  it("finds the last event deleted with its ledger row", async () => {
    const { store, executor } = current();
    const runId = await settledRun();
    await executor.transaction(async (transaction) => {
      await transaction.query("alter table events disable trigger all");
      await transaction.query("alter table budget_ledger disable trigger all");
      await transaction.query("delete from budget_ledger where run_id = $1 and seq = 3", [runId]);
      await transaction.query("delete from events where run_id = $1 and seq = 3", [runId]);
      await transaction.query("alter table events enable trigger all");
      await transaction.query("alter table budget_ledger enable trigger all");
    });
    expect((await store.verifyRun(runId)).problem).toMatchObject({ table: "runs", seq: null });
  });

  it("finds a run row whose cost no longer agrees with the events", async () => {
    const { store, executor } = current();
    const runId = await settledRun();
    await tamper(executor, [["update runs set cost_nano_usd = 1 where id = $1", [runId]]]);
    expect((await store.verifyRun(runId)).problem).toMatchObject({
      table: "runs",
      message: expect.stringContaining("cost_nano_usd is 1, but its events say 3000000000"),
    });
  });

  it("finds a ledger row that no longer agrees with its event", async () => {
    const { store, executor } = current();
    const runId = await settledRun();
    await tamper(executor, [
      ["update budget_ledger set output_tokens = 1 where run_id = $1 and seq = 3", [runId]],
    ]);
    expect((await store.verifyRun(runId)).problem).toMatchObject({ table: "budget_ledger", seq: 3 });
  });

  it("reads a run written before hash chains and says it is unchained", async () => {
    const { store, executor } = current();
    const runId = await settledRun();
    await tamper(executor, [
      ["update events set prev_hash = null, hash = null where run_id = $1", [runId]],
      ["update runs set head_hash = null where id = $1", [runId]],
    ]);
    expect(await store.verifyRun(runId)).toMatchObject({ events: 4, unchainedEvents: 4, problem: null });
    expect(await store.readEvents(runId)).toHaveLength(4);
  });

  it("chains events appended to an unchained run from there on", async () => {
    const { store, executor } = current();
    const runId = uniqueRunId();
    await store.createRun(sampleRun(runId), [runStartEvent(runId, 0)]);
    await tamper(executor, [
      ["update events set prev_hash = null, hash = null where run_id = $1", [runId]],
      ["update runs set head_hash = null where id = $1", [runId]],
    ]);
    await store.appendEvents(runId, [transitionEvent(runId, 1)], { status: "running" });
    expect(await store.verifyRun(runId)).toMatchObject({ events: 2, unchainedEvents: 1, problem: null });
  });
}
