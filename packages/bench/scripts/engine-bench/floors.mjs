/**
 * What a governed step and a command's start cannot cost less than on this machine, whatever the engine
 * does: one durable commit of one small row (a step's write must be durable before its next model call, so
 * a persisted step pays at least this), and opening an existing embedded store (every command that reads
 * the store, `agentone runs` included, pays it). Measured on the databases themselves, without AgentOne.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { median } from "./statistics.mjs";

const commits = 200;
const opens = 3;
const createTable = "create table floor_rows (id serial primary key, body text not null)";
const insertRow = "insert into floor_rows (body) values ($1)";
/** As AgentOne opens its embedded store (`store/open-store.ts`): 16 MB of shared buffers. */
const startParams = [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"];

/** Median ms of `count` transactions of `transaction()`, after a few unmeasured ones. */
async function medianOf(count, transaction) {
  for (let warmUp = 0; warmUp < 10; warmUp++) await transaction();
  const times = [];
  for (let index = 0; index < count; index++) {
    const startedAt = performance.now();
    await transaction();
    times.push(performance.now() - startedAt);
  }
  return median(times);
}

/** One row inserted and committed per transaction, on PostgreSQL, in a schema of its own dropped after. */
async function postgresCommitMs(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const schema = `agentone_bench_floor_${process.pid}`;
  try {
    await client.query(`create schema ${schema}`);
    await client.query(`set search_path to ${schema}`);
    await client.query(createTable);
    return await medianOf(commits, async () => {
      await client.query("begin");
      await client.query(insertRow, ["a step's write"]);
      await client.query("commit");
    });
  } finally {
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  }
}

/** The same on PGlite on disk; then the time to open that (now existing) store again, to its first answer. */
async function pgliteFigures() {
  const directory = await mkdtemp(join(tmpdir(), "agentone-bench-floor-"));
  try {
    const database = await PGlite.create({ dataDir: directory, startParams });
    let commitMs;
    try {
      await database.query(createTable);
      commitMs = await medianOf(commits, () =>
        database.transaction((transaction) => transaction.query(insertRow, ["a step's write"])),
      );
    } finally {
      await database.close();
    }
    const openTimes = [];
    for (let index = 0; index < opens; index++) {
      const startedAt = performance.now();
      const reopened = await PGlite.create({ dataDir: directory, startParams });
      await reopened.query("select 1");
      openTimes.push(performance.now() - startedAt);
      await reopened.close();
    }
    return { commitMs, openMs: median(openTimes) };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** The floors: PostgreSQL's commit only when a database URL is given. */
export async function measureFloors({ databaseUrl }) {
  const pglite = await pgliteFigures();
  return {
    pgliteCommitMs: pglite.commitMs,
    pgliteOpenMs: pglite.openMs,
    postgresCommitMs: databaseUrl === "" ? null : await postgresCommitMs(databaseUrl),
  };
}
