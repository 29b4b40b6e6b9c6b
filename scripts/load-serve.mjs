#!/usr/bin/env node
/**
 * Load on `agentone serve`: starts the built server (`agentone serve --port 0 --clock virtual`, a process of
 * its own with a temporary AGENTONE_HOME) on the simulated models, creates N managed runs through the API
 * with a bounded number of concurrent clients, each following its run's status until it ends, and reports
 * runs per second, p50/p99 latency of the API's create and GET, and the server's peak resident memory. It
 * stops the server and removes what it made (temporary folders; with `--store postgres`, a private database).
 *
 * The virtual clock makes the simulated models' latencies take no time: what is measured is the server,
 * the engine and the store. On a machine shared with other work the figures fall with the load.
 *
 * @example
 * ```sh
 * npm run load:serve -- --runs 200 --clients 20
 * node scripts/load-serve.mjs --runs 20 --store postgres --database-url postgresql://postgres@127.0.0.1:5432/test
 * ```
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const root = resolve(import.meta.dirname, "..");
const binary = join(root, "packages/agentone/bin/agentone.js");
const clientModule = join(root, "packages/agentone/dist/client/index.js");

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "200" },
    clients: { type: "string", default: "20" },
    store: { type: "string", default: "pglite" },
    "database-url": { type: "string", default: process.env.DATABASE_URL ?? "" },
    "poll-ms": { type: "string", default: "50" },
  },
});
const positive = (name) => {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number`);
  return value;
};
const runCount = positive("runs");
const clientCount = positive("clients");
const pollMs = positive("poll-ms");
if (values.store !== "pglite" && values.store !== "postgres")
  throw new Error(`--store must be pglite or postgres, not '${values.store}'`);
if (values.store === "postgres" && !values["database-url"])
  throw new Error("--store postgres needs --database-url (or DATABASE_URL)");
if (!existsSync(clientModule))
  throw new Error("packages/agentone/dist is missing: run `npm run build` first");
const { AgentOneClient } = await import(clientModule);

const scratch = await mkdtemp(join(tmpdir(), "agentone-load-serve-"));
const cleanups = [() => rm(scratch, { recursive: true, force: true })];
let server = null;

async function cleanUp() {
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((done) => server.once("exit", done));
  }
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error(String(error)));
}

/** A private database on the server `url` names, dropped at the end; answers its URL. */
async function privateDatabase(url) {
  const pg = createRequire(join(root, "packages/agentone/package.json"))("pg");
  const name = `agentone_load_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  cleanups.push(async () => {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });
  const own = new URL(url);
  own.pathname = `/${name}`;
  return own.toString();
}

/** Starts `agentone serve` and answers its URL and the admin key it prints on first start. */
async function startServer(environment) {
  server = spawn(
    process.execPath,
    [binary, "serve", "--port", "0", "--clock", "virtual", "--config", join(scratch, "agentone.yaml")],
    { cwd: scratch, env: environment, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  server.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  return new Promise((done, fail) => {
    server.once("exit", (code) => fail(new Error(`agentone serve exited (${code}):\n${stderr}`)));
    server.stdout.on("data", (chunk) => {
      stdout += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
      const key = /^\s+(\S+)\nShown this once/m.exec(stdout)?.[1];
      if (url && key) done({ url, key });
    });
  });
}

/** Peak resident memory of the server process so far (Linux: VmHWM), in MB. */
async function peakMegabytes(pid) {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const kilobytes = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
  return Number.isFinite(kilobytes) ? kilobytes / 1024 : Number.NaN;
}

function percentile(samples, fraction) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

async function timed(samples, work) {
  const started = performance.now();
  const answer = await work();
  samples.push(performance.now() - started);
  return answer;
}

const terminal = new Set(["completed", "failed", "killed"]);
const waiting = new Set(["awaiting_approval", "awaiting_input", "paused"]);

try {
  const workspaces = join(scratch, "workspaces");
  await mkdir(join(workspaces, "demo"), { recursive: true });
  await writeFile(join(workspaces, "demo/README.md"), "# demo\n\nA small project the load runs summarize.\n");
  await writeFile(join(scratch, "agentone.yaml"), "server:\n  workspaceRoots: [workspaces]\n");
  const environment = { PATH: process.env.PATH ?? "", AGENTONE_HOME: join(scratch, "home") };
  if (values.store === "postgres") environment.DATABASE_URL = await privateDatabase(values["database-url"]);
  const { url, key } = await startServer(environment);
  const client = new AgentOneClient({ baseUrl: url, apiKey: key });

  const createMs = [];
  const getMs = [];
  const statuses = new Map();
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < runCount) {
      const index = next++;
      const { run } = await timed(createMs, () =>
        client.createRun({ goal: `Summarize the README (${index})`, workspace: join(workspaces, "demo") }),
      );
      let status = run.status;
      while (!terminal.has(status) && !waiting.has(status)) {
        await new Promise((done) => setTimeout(done, pollMs));
        status = (await timed(getMs, () => client.getRun(run.id))).status;
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: Math.min(clientCount, runCount) }, worker));
  const seconds = (performance.now() - started) / 1000;
  const peak = await peakMegabytes(server.pid);
  const format = (samples) =>
    `p50 ${percentile(samples, 0.5).toFixed(1)} ms, p99 ${percentile(samples, 0.99).toFixed(1)} ms (n=${samples.length})`;
  console.log(
    `agentone serve load: ${runCount} runs, ${clientCount} concurrent clients, store ${values.store}, clock virtual`,
  );
  console.log(`  ended: ${[...statuses].map(([status, count]) => `${count} ${status}`).join(", ")}`);
  console.log(`  wall ${seconds.toFixed(2)} s, ${(runCount / seconds).toFixed(1)} runs/s`);
  console.log(`  POST /v1/runs      ${format(createMs)}`);
  console.log(`  GET /v1/runs/{id}  ${format(getMs)}`);
  console.log(`  server peak RSS    ${peak.toFixed(0)} MB`);
  if ((statuses.get("completed") ?? 0) !== runCount) process.exitCode = 1;
} finally {
  await cleanUp();
}
