import { expect, it } from "vitest";
import type { RunEvent } from "../../src/core/events/run-event.js";
import type { Message } from "../../src/core/messages.js";
import { sha256Hex, stableJson } from "../../src/core/stable-json.js";
import { messageDeltaPayloadFormat } from "../../src/store/sql/payload-references.js";
import { SqlStore } from "../../src/store/sql/sql-store.js";
import { openingEvents, runStartEvent, sampleRun, transitionEvent, uniqueRunId } from "./sample-events.js";
import {
  conversation,
  filler,
  modelCallEndEvent,
  modelCallStartEvent,
  toolCallEvent,
  toolResultEvent,
} from "./sample-payload-events.js";
import type { StoreUnderTest } from "./store-contract.js";

/**
 * The payload half of the store contract: conversation messages and long fields are stored once by hash
 * and referenced from events, invisibly to readers. Called inside the contract's describe block.
 */
export function definePayloadTests(current: () => StoreUnderTest): void {
  it("stores each message once, so a run's stored bytes grow linearly with its conversation", async () => {
    const { store, executor } = current();
    const runId = uniqueRunId();
    await store.createRun(sampleRun(runId), openingEvents(runId));
    const payloadTable = async () => {
      const [totals] = await executor.query<{ rows: unknown; bytes: unknown }>(
        "select count(*) as rows, coalesce(sum(size_bytes), 0) as bytes from payloads",
      );
      return { rows: Number(totals?.rows), bytes: Number(totals?.bytes) };
    };
    const before = await payloadTable();
    const calls = 30;
    const written: RunEvent[] = [];
    for (let call = 1; call <= calls; call += 1) {
      const event = modelCallStartEvent(runId, call + 1, conversation(call));
      written.push(event);
      await store.appendEvents(runId, [event]);
    }

    const messageBytes = conversation(calls).map((message) => Buffer.byteLength(stableJson(message)));
    const distinctBytes = messageBytes.reduce((sum, bytes) => sum + bytes, 0);
    // Stored inline, every call repeats the whole conversation: about calls / 2 times the distinct bytes.
    const inlineBytes = written.reduce((sum, event) => sum + Buffer.byteLength(JSON.stringify(event)), 0);
    expect(inlineBytes).toBeGreaterThan(12 * distinctBytes);

    const stats = await store.storageStats(runId);
    expect(stats.payloads).toBe(calls + 1);
    expect(stats.payloadBytes).toBe(distinctBytes);
    // Events keep one 64-digit reference per message, far smaller than the messages themselves.
    expect(stats.eventBytes).toBeLessThan(distinctBytes);
    expect(stats.eventBytes + stats.payloadBytes).toBeLessThan(3 * distinctBytes);
    const [raw] = await executor.query<{ bytes: unknown }>(
      "select sum(octet_length(payload::text)) as bytes from events where run_id = $1",
      [runId],
    );
    expect(Number(raw?.bytes)).toBe(stats.eventBytes);
    // Nothing else was stored on the side: the table grew by exactly the distinct messages.
    expect(await payloadTable()).toEqual({
      rows: before.rows + calls + 1,
      bytes: before.bytes + distinctBytes,
    });

    expect(await store.readEvents(runId)).toEqual([...openingEvents(runId), ...written]);
  });

  it("stores a model call's messages as those new since the run's last call, so event rows stay flat", async () => {
    const { store, executor } = current();
    const runId = uniqueRunId();
    // Running, as the opening events say, so that verifyRun finds the run row agreeing with them.
    await store.createRun(sampleRun(runId, { status: "running" }), openingEvents(runId));
    const growing = conversation(40);
    const nested = (seq: number, text: string) => ({
      ...modelCallStartEvent(runId, seq, [growing[0] as Message, { role: "user", content: text }]),
      nested: {
        tool: "summarize_document",
        toolCallId: "sum-1",
        purpose: "summary",
        index: 0,
        maxOutputTokens: 99,
      },
    });
    const written: RunEvent[] = [];
    let seq = 2;
    for (let call = 1; call <= 40; call += 1) {
      // The same message objects from call to call, as the engine hands them; a nested call in between.
      const batch: RunEvent[] = [modelCallStartEvent(runId, seq, growing.slice(0, call + 1))];
      if (call % 10 === 0) batch.push(nested(seq + 1, `part ${call}`));
      written.push(...batch);
      seq += batch.length;
      await store.appendEvents(runId, batch);
    }
    // A conversation rebuilt (a summary): its first message is kept, the rest is new.
    const summarized = [
      growing[0] as Message,
      { role: "user" as const, content: "Summary of the turns so far." },
    ];
    const retried = { ...modelCallStartEvent(runId, seq + 1, summarized), attempt: 2 };
    const rebuilt = [modelCallStartEvent(runId, seq, summarized), retried];
    // Nothing in common with the last call: stored in full.
    const unrelated = modelCallStartEvent(runId, seq + 2, [{ role: "user", content: "Start over." }]);
    await store.appendEvents(runId, [...rebuilt, unrelated]);
    written.push(...rebuilt, unrelated);

    expect(await store.readEvents(runId)).toEqual([...openingEvents(runId), ...written]);
    expect(await store.verifyRun(runId)).toMatchObject({ problem: null });
    const rows = await executor.query<{ seq: number; format: number; bytes: number; payload: unknown }>(
      "select seq, payload_format as format, octet_length(payload::text) as bytes, payload " +
        "from events where run_id = $1 and type = 'model-call-start' order by seq",
      [runId],
    );
    expect(rows.every((row) => Number(row.format) === messageDeltaPayloadFormat)).toBe(true);
    const sizes = rows.map((row) => Number(row.bytes));
    // Flat: the 40th call's row is no larger than the 2nd's, though its conversation is 20 times longer.
    expect(Math.max(...sizes.slice(1))).toBeLessThan((sizes[1] as number) + 200);
    const stored = (at: number) => {
      const row = rows.find((candidate) => Number(candidate.seq) === at);
      return (row?.payload as { request: { messages: unknown } } | undefined)?.request.messages;
    };
    expect(stored(3)).toMatchObject({ base: 2, keep: 2, added: [expect.anything()] });
    expect(stored(rebuilt[0]?.seq as number)).toMatchObject({ keep: 1, added: [expect.anything()] });
    expect(stored(retried.seq)).toEqual({ base: rebuilt[0]?.seq, keep: 2, added: [] });
    expect(Array.isArray(stored(unrelated.seq))).toBe(true);
    // A nested call builds on the last nested call, not on the conversation.
    const secondNested = written.filter((event) => event.type === "model-call-start" && event.nested)[1];
    expect(stored(secondNested?.seq as number)).toMatchObject({ keep: 1 });
  });

  it("continues a log another store instance wrote, and one whose head moved under it", async () => {
    const { store, executor } = current();
    const runId = uniqueRunId();
    // Running, as the opening events say, so that verifyRun finds the run row agreeing with them.
    await store.createRun(sampleRun(runId, { status: "running" }), openingEvents(runId));
    const messages = conversation(6);
    await store.appendEvents(runId, [modelCallStartEvent(runId, 2, messages.slice(0, 3))]);
    // Another writer (a new process) continues the run: it knows neither the head nor the last call.
    const other = new SqlStore(executor);
    await other.appendEvents(runId, [modelCallStartEvent(runId, 3, messages.slice(0, 5))]);
    // The first store's remembered head is stale now; it reads the head again and chains from it.
    await store.appendEvents(runId, [modelCallStartEvent(runId, 4, messages)]);
    const expected = [2, 3, 4].map((seq, index) =>
      modelCallStartEvent(runId, seq, messages.slice(0, 3 + 2 * index)),
    );
    expect(await store.readEvents(runId)).toEqual([...openingEvents(runId), ...expected]);
    expect(await other.readEvents(runId)).toEqual([...openingEvents(runId), ...expected]);
    expect(await store.verifyRun(runId)).toMatchObject({ problem: null, events: 5 });
  });

  it("moves long fields of any event out of the row and reads them back unchanged", async () => {
    const { store, executor } = current();
    const runId = uniqueRunId();
    const longText = filler("answer", 5000);
    const events: RunEvent[] = [
      ...openingEvents(runId),
      modelCallEndEvent(runId, 2, longText),
      toolCallEvent(runId, 3, JSON.stringify({ path: "a.txt", content: filler("content", 3000) })),
      toolResultEvent(runId, 4, {
        output: filler("output", 1025),
        metadata: {
          previousContent: filler("previous", 4000),
          short: "x".repeat(1024),
          nested: [{ deeper: filler("deep", 1500) }],
          // Objects that look like references are data, and must come back as written.
          literal: { $payload: "not a reference" },
          literalHash: { $payload: sha256Hex("anything") },
          escaped: { $$payload: { $payload: filler("inside", 2000) } },
        },
      }),
      // jsonb cannot hold NUL, so even a short string with one is stored as a payload.
      toolCallEvent(runId, 5, "binary\u0000bytes"),
    ];
    await store.createRun(sampleRun(runId), events);
    expect(await store.readEvents(runId)).toEqual(events);

    const rows = await executor.query<{ seq: number; text: string }>(
      "select seq, payload::text as text from events where run_id = $1 order by seq",
      [runId],
    );
    for (const row of rows) expect(row.text.length, `event ${row.seq}`).toBeLessThan(3000);
    expect(rows[2]?.text).toContain(sha256Hex(JSON.stringify(longText)));
    expect(rows[4]?.text).toContain(`"x${"x".repeat(1023)}"`);
  });

  it("shares one payload between runs that send the same message", async () => {
    const { store, executor } = current();
    const [first, second] = [uniqueRunId(), uniqueRunId()];
    const shared = { role: "user" as const, content: filler(`shared ${first}`) };
    for (const runId of [first, second]) {
      await store.createRun(sampleRun(runId), [
        runStartEvent(runId),
        modelCallStartEvent(runId, 1, [shared]),
      ]);
    }
    const hash = sha256Hex(stableJson(shared));
    const rows = await executor.query("select sha256 from payloads where sha256 = $1", [hash]);
    expect(rows).toHaveLength(1);
    expect((await store.storageStats(first)).payloads).toBe(1);
    expect((await store.readEvents(second))[1]).toEqual(modelCallStartEvent(second, 1, [shared]));
  });

  it("writes no payloads when the batch that carries them fails", async () => {
    const { store, executor } = current();
    const runId = uniqueRunId();
    await store.createRun(sampleRun(runId), openingEvents(runId));
    const unique = filler(`lost ${runId}`);
    const clashing = [modelCallEndEvent(runId, 2, unique), transitionEvent(runId, 1)];
    await expect(store.appendEvents(runId, clashing)).rejects.toMatchObject({ code: "STORE_ERROR" });
    const rows = await executor.query("select 1 from payloads where sha256 = $1", [
      sha256Hex(JSON.stringify(unique)),
    ]);
    expect(rows).toEqual([]);
  });

  it("reads events written before payloads existed, inline and unescaped", async () => {
    const { store, executor } = current();
    const runId = uniqueRunId();
    await store.createRun(sampleRun(runId), openingEvents(runId));
    const legacy = toolResultEvent(runId, 2, {
      output: filler("legacy", 4000),
      metadata: { literal: { $payload: sha256Hex("x") }, escapedLooking: { $$payload: 1 } },
    });
    const legacyStart = modelCallStartEvent(runId, 3, conversation(3));
    for (const event of [legacy, legacyStart]) {
      await executor.query(
        "insert into events (run_id, seq, type, schema_version, at, payload) values ($1, $2, $3, 1, $4, $5::jsonb)",
        [runId, event.seq, event.type, event.at, JSON.stringify(event)],
      );
    }
    expect(await store.readEvents(runId)).toEqual([...openingEvents(runId), legacy, legacyStart]);
    expect(await store.storageStats(runId)).toMatchObject({ payloads: 0, payloadBytes: 0 });
  });

  it("reports missing or damaged payloads and unknown formats instead of guessing", async () => {
    const { store, executor } = current();
    const insertRow = async (input: { runId: string; document: unknown; format: number }) => {
      await store.createRun(sampleRun(input.runId), [runStartEvent(input.runId)]);
      await executor.query(
        "insert into events (run_id, seq, type, schema_version, at, payload, payload_format) " +
          "values ($1, 1, 'tool-call', 1, now(), $2::jsonb, $3)",
        [input.runId, JSON.stringify(input.document), input.format],
      );
    };
    const referringTo = (runId: string, sha256: string) => ({
      ...toolCallEvent(runId, 1, "{}"),
      arguments: { $payload: sha256 },
    });

    const missingRunId = uniqueRunId();
    const absent = sha256Hex(`absent ${missingRunId}`);
    await insertRow({ runId: missingRunId, document: referringTo(missingRunId, absent), format: 1 });
    await expect(store.readEvents(missingRunId)).rejects.toMatchObject({
      code: "STORE_ERROR",
      message: expect.stringContaining(`payload ${absent} is referenced but missing`),
    });

    const damagedRunId = uniqueRunId();
    const damaged = sha256Hex(`damaged ${damagedRunId}`);
    await executor.query("insert into payloads (sha256, content, size_bytes) values ($1, $2, 5)", [
      damaged,
      '"not what was hashed"',
    ]);
    await insertRow({ runId: damagedRunId, document: referringTo(damagedRunId, damaged), format: 1 });
    await expect(store.readEvents(damagedRunId)).rejects.toMatchObject({
      code: "STORE_ERROR",
      message: expect.stringContaining(`payload ${damaged} is damaged`),
    });

    const futureRunId = uniqueRunId();
    await insertRow({ runId: futureRunId, document: toolCallEvent(futureRunId, 1, "{}"), format: 3 });
    await expect(store.readEvents(futureRunId)).rejects.toMatchObject({
      code: "EVENT_SCHEMA_ERROR",
      message: expect.stringContaining("payload format 3"),
    });
  });

  it("refuses raw updates and deletes of payloads", async () => {
    const { store, executor } = current();
    const runId = uniqueRunId();
    const message = { role: "user" as const, content: `kept ${runId}` };
    await store.createRun(sampleRun(runId), [runStartEvent(runId), modelCallStartEvent(runId, 1, [message])]);
    const hash = sha256Hex(stableJson(message));
    await expect(
      executor.query("update payloads set content = '\"changed\"' where sha256 = $1", [hash]),
    ).rejects.toThrow(/append-only/);
    await expect(executor.query("delete from payloads where sha256 = $1", [hash])).rejects.toThrow(
      /append-only/,
    );
    expect((await store.readEvents(runId))[1]).toEqual(modelCallStartEvent(runId, 1, [message]));
  });
}

/**
 * A payload shared by many runs and damaged: only the runs that refer to it are affected, the error names
 * the payload and those runs, and a new run sending the same content stores it again instead of depending
 * on the damaged row (which puts the old runs right as well).
 */
export function defineDamagedPayloadTests(current: () => StoreUnderTest): void {
  it("confines a damaged shared payload to the runs that refer to it, and a new run repairs it", async () => {
    const { store, executor } = current();
    const shared = { role: "system" as const, content: `shared prompt ${uniqueRunId()}` };
    const hash = sha256Hex(stableJson(shared));
    const [first, second, other, later] = [uniqueRunId(), uniqueRunId(), uniqueRunId(), uniqueRunId()];
    for (const runId of [first, second]) {
      await store.createRun(sampleRun(runId), [
        runStartEvent(runId),
        modelCallStartEvent(runId, 1, [shared]),
      ]);
    }
    await store.createRun(sampleRun(other), openingEvents(other));
    await executor.transaction(async (transaction) => {
      await transaction.query("set local session_replication_role = replica");
      await transaction.query("update payloads set content = '\"damaged\"' where sha256 = $1", [hash]);
    });

    const failure = store.readEvents(first);
    await expect(failure).rejects.toMatchObject({ code: "STORE_ERROR", details: { sha256: hash } });
    const message = String(await failure.catch((error: Error) => error.message));
    expect(message).toContain(`payload ${hash} is damaged`);
    expect(message).toContain(first);
    expect(message).toContain(second);
    expect(message).not.toContain(other);
    expect(await store.readEvents(other)).toEqual(openingEvents(other));

    const written = [runStartEvent(later), modelCallStartEvent(later, 1, [shared])];
    await store.createRun(sampleRun(later), written);
    expect(await store.readEvents(later)).toEqual(written);
    expect((await store.readEvents(first))[1]).toEqual(modelCallStartEvent(first, 1, [shared]));
  });

  it("still refuses an update that does not put a damaged payload right", async () => {
    const { store, executor } = current();
    const runId = uniqueRunId();
    const message = { role: "user" as const, content: `intact ${runId}` };
    await store.createRun(sampleRun(runId), [runStartEvent(runId), modelCallStartEvent(runId, 1, [message])]);
    const hash = sha256Hex(stableJson(message));
    await expect(
      executor.query("update payloads set content = $2 where sha256 = $1", [hash, stableJson(message)]),
    ).rejects.toThrow(/append-only/);
  });
}
