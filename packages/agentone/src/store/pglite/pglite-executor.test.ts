import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PgliteExecutor } from "./pglite-executor.js";

let database: PGlite;
let executor: PgliteExecutor;

beforeAll(async () => {
  database = await PGlite.create();
  executor = new PgliteExecutor(database);
  await executor.exec(
    "create table notes (id integer primary key, title text, body jsonb, created_at timestamptz)",
  );
});
afterAll(() => executor.close());
beforeEach(() => executor.exec("delete from notes"));

const insertNotes = `insert into notes (id, title, body, created_at)
  select id, title, body::jsonb, created_at
    from unnest($1::integer[], $2::text[], $3::text[], $4::timestamptz[]) as rows(id, title, body, created_at)
  returning id, title, body, created_at`;
const named = { name: "test_insert_notes" };

describe("a named statement on PGlite", () => {
  it("returns the rows the same statement returns unnamed, parsed by type", async () => {
    const parameters = (id: number) => [[id], [null], ['{"tags":["a"]}'], ["2026-01-02T03:04:05.000Z"]];
    const viaName = await executor.query<Record<string, unknown>>(insertNotes, parameters(1), named);
    const unnamed = await executor.query(insertNotes, parameters(2));
    expect(viaName).toEqual([
      { id: 1, title: null, body: { tags: ["a"] }, created_at: new Date("2026-01-02T03:04:05.000Z") },
    ]);
    expect(unnamed).toEqual([{ ...viaName[0], id: 2 }]);
  });

  it("runs again with other values and other numbers of rows", async () => {
    await executor.query(insertNotes, [[1], ["one"], ["1"], [null]], named);
    const rows = await executor.query<{ id: number; title: string }>(
      insertNotes,
      [
        [2, 3],
        ["two", 'three "quoted", {braced}'],
        ["2", "3"],
        [null, null],
      ],
      named,
    );
    expect(rows.map((row) => row.title)).toEqual(["two", 'three "quoted", {braced}']);
    expect(await executor.query("select count(*)::integer as count from notes")).toEqual([{ count: 3 }]);
  });

  it("prepares a name again that another executor over the same database prepared first", async () => {
    const second = new PgliteExecutor(database);
    await executor.query(insertNotes, [[1], ["one"], ["1"], [null]], named);
    expect(await second.query(insertNotes, [[2], ["two"], ["2"], [null]], named)).toHaveLength(1);
    expect(await executor.query(insertNotes, [[3], ["three"], ["3"], [null]], named)).toHaveLength(1);
  });

  it("refuses a second text under a name already used", async () => {
    await executor.query(insertNotes, [[1], ["one"], ["1"], [null]], named);
    await expect(executor.query("select 1", [], named)).rejects.toMatchObject({ code: "STORE_ERROR" });
  });

  it("rejects with the database's error and leaves the database usable", async () => {
    await executor.query(insertNotes, [[1], ["one"], ["1"], [null]], named);
    await expect(executor.query(insertNotes, [[1], ["again"], ["1"], [null]], named)).rejects.toMatchObject({
      code: "23505",
    });
    expect(await executor.query(insertNotes, [[2], ["two"], ["2"], [null]], named)).toHaveLength(1);
  });

  it("inside a transaction, is part of it and is rolled back with it", async () => {
    const rolledBack = new Error("roll back");
    await expect(
      executor.transaction(async (transaction) => {
        await transaction.query(insertNotes, [[1], ["one"], ["1"], [null]], named);
        expect(await transaction.query("select id from notes")).toEqual([{ id: 1 }]);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    expect(await executor.query("select id from notes")).toEqual([]);
  });

  it("outside a transaction, waits for another caller's transaction instead of joining it", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = () => {};
    const transactionStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const rolledBack = new Error("roll back");
    const transaction = executor.transaction(async (inside) => {
      await inside.query("insert into notes (id) values (100)");
      started();
      await held;
      throw rolledBack;
    });
    await transactionStarted;
    const outside = executor.query(insertNotes, [[1], ["one"], ["1"], [null]], named);
    release();
    await expect(transaction).rejects.toBe(rolledBack);
    await outside;
    expect(await executor.query("select id from notes")).toEqual([{ id: 1 }]);
  });
});

describe("a named statement while the database closes", () => {
  it("is refused once close() has begun, as PGlite refuses its own statements, and close() ends", async () => {
    const database = await PGlite.create();
    const closing = new PgliteExecutor(database);
    const statement = "select $1::integer as n";
    await closing.query(statement, [1], { name: "test_while_closing" });
    const closed = closing.close();
    // Until close() has taken PGlite's locks and marked the database closing.
    while (database.ready) await Promise.resolve();
    const late = closing.query(statement, [2], { name: "test_while_closing" });
    await expect(late).rejects.toThrow(/PGlite is clos(ing|ed)/);
    await closed;
    await expect(closing.query(statement, [3], { name: "test_while_closing" })).rejects.toThrow(
      "PGlite is closed",
    );
  });
});
