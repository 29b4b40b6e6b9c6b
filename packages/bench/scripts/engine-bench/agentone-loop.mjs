/**
 * AgentOne's governed loop in the shared scenario, on one store: whole runs through the published surface
 * (`agentone`, `agentone/testing`, resolved to the built `dist/`), so the same code measures the engine
 * before and after a change of its internals. Each run is deterministic (virtual clock, scripted answers, a
 * goal of its own so no run is answered from an earlier run's cache); only the measuring uses the real clock.
 */
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import {
  BackendRegistry,
  createRuntime,
  foldRunState,
  ModelCatalog,
  openStore,
  startRun,
  VirtualClock,
} from "agentone";
import { createTestStore, ScriptedBackend, scriptedModels } from "agentone/testing";
import pg from "pg";
import { z } from "zod";
import {
  answerText,
  reportedUsage,
  toolArguments,
  toolDescription,
  toolName,
  toolOutput,
} from "./scenario.mjs";

export const storeLabels = {
  engine: "AgentOne, engine alone (appends and cache reads answered at once)",
  memory: "AgentOne, in-memory store (PGlite in memory)",
  pglite: "AgentOne, PGlite on disk",
  postgres: "AgentOne, PostgreSQL",
};

/** The scenario's tool as an AgentOne tool: no side effect, so a turn costs only its governance. */
const tickTool = {
  name: toolName,
  description: toolDescription,
  inputSchema: z.object({ turn: z.number().int() }),
  idempotent: true,
  sideEffect: "none",
  requiresApproval: false,
  execute: async ({ turn }) => ({ content: toolOutput(turn) }),
};

/** One plan, a tool call on each of `stepCount - 2` turns, then the answer: `stepCount` model calls. */
function scriptFor(stepCount) {
  const usage = reportedUsage;
  const toolTurns = Array.from({ length: stepCount - 2 }, (_, index) => ({
    toolCalls: [{ name: toolName, arguments: toolArguments(index + 1) }],
    usage,
  }));
  return [{ text: "1. tick until done\n2. answer", usage }, ...toolTurns, { text: answerText, usage }];
}

/** Ids counted under a tag unique to this process, so runs never collide in a store that outlives it. */
export function taggedIds(tag) {
  const counters = new Map();
  return {
    next(prefix) {
      const count = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, count);
      return `${prefix}_${tag}${String(count).padStart(5, "0")}`;
    },
  };
}

async function directoryBytes(path) {
  let total = 0;
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) total += await directoryBytes(child);
    else if (entry.isFile()) total += (await stat(child)).size;
  }
  return total;
}

async function postgresStore({ home, databaseUrl }) {
  const schema = `agentone_bench_engine_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const url = new URL(databaseUrl);
  url.searchParams.set("options", `-c search_path=${schema}`);
  const store = await openStore({ home, databaseUrl: url.toString() });
  const physicalBytes = async () => {
    const [row] = (
      await admin.query(
        `select coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint as bytes
           from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = $1 and c.relkind = 'r'`,
        [schema],
      )
    ).rows;
    return Number(row.bytes);
  };
  const dispose = async () => {
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  };
  return { store, physicalBytes, dispose };
}

/**
 * The engine without the cost of a database, as a reference for how much of a step is the store's: a
 * store whose appends keep the events in memory and answer at once, and whose cache reads find nothing (as
 * in every measured run), over an in-memory store that still creates, claims and lists the runs.
 */
async function engineAloneStore() {
  const store = await createTestStore();
  const appended = new Map();
  const answeredAtOnce = {
    appendEvents: async (runId, events) => {
      const kept = appended.get(runId) ?? [];
      kept.push(...events);
      appended.set(runId, kept);
    },
    getCacheEntry: async () => undefined,
    readEvents: async (runId) => [...(await store.readEvents(runId)), ...(appended.get(runId) ?? [])],
  };
  const wrapped = new Proxy(store, {
    get(target, property) {
      if (Object.hasOwn(answeredAtOnce, property)) return answeredAtOnce[property];
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { store: wrapped, physicalBytes: null, dispose: async () => {}, measuresStorage: false };
}

async function openBenchStore(kind, { home, databaseUrl }) {
  if (kind === "engine") return engineAloneStore();
  if (kind === "memory")
    return { store: await createTestStore(), physicalBytes: null, dispose: async () => {} };
  if (kind === "pglite")
    return {
      store: await openStore({ home }),
      physicalBytes: () => directoryBytes(join(home, "store")),
      dispose: async () => {},
    };
  return postgresStore({ home, databaseUrl });
}

/**
 * Opens a store of `kind` and returns a system that runs the scenario on it: `run(stepCount, label)` times
 * one run and measures what it left in the store (`keepEvents` also returns its events and runtime). The store, ids and token counter are shared by its runs,
 * as in a long-lived process; the runtime is new per run (a new script needs a new backend).
 */
export async function openGovernedSystem(kind, { tokenCounter, ids, databaseUrl }) {
  const home = await mkdtemp(join(tmpdir(), "agentone-bench-engine-"));
  // The runs' workspace is a folder of its own: inside the home it would hold the PGlite store, and the
  // first step's workspace fingerprint (for the plan cache) would read the whole database every run.
  const workspace = join(home, "workspace");
  await mkdir(workspace);
  const opened = await openBenchStore(kind, { home, databaseUrl });
  const { store } = opened;

  async function run(stepCount, label, { keepEvents = false } = {}) {
    const clock = new VirtualClock();
    const backend = new ScriptedBackend({ clock, steps: scriptFor(stepCount) });
    const stepStarts = [];
    const runtime = createRuntime({
      store,
      tokenCounter,
      clock,
      ids,
      backends: new BackendRegistry({ catalog: new ModelCatalog(scriptedModels()), backends: [backend] }),
      tools: [tickTool],
      onEvent: (event) => {
        if (event.type === "step-start") stepStarts.push(performance.now());
      },
    });
    const physicalBefore = opened.physicalBytes === null ? null : await opened.physicalBytes();
    const startedAt = performance.now();
    const result = await startRun(runtime, {
      goal: `Tick until done (${label})`,
      workspace,
      limits: {
        usd: 1000,
        steps: stepCount + 10,
        toolCalls: stepCount + 10,
        modelCalls: stepCount + 10,
      },
      // No scheduled replans: every step after the plan is a tool turn until the answer.
      policy: { replanEvery: 0 },
    });
    const endedAt = performance.now();
    backend.assertConsumed();
    const events = await store.readEvents(result.runId);
    const state = foldRunState(events);
    if (result.status !== "completed" || state.usage.steps !== stepCount)
      throw new Error(
        `${kind}: run ${result.runId} ended ${result.status} (${result.terminationReason}) after ${state.usage.steps} of ${stepCount} steps`,
      );
    const storage = opened.measuresStorage === false ? null : await store.storageStats(result.runId);
    const physicalAfter = opened.physicalBytes === null ? null : await opened.physicalBytes();
    return {
      wallMs: endedAt - startedAt,
      stepMs: stepStarts.map((start, index) => (stepStarts[index + 1] ?? endedAt) - start),
      runId: result.runId,
      // For a replay: the recording, and the runtime whose catalog and tools it ran with.
      ...(keepEvents ? { events, runtime } : {}),
      logBytes: storage === null ? null : storage.eventBytes + storage.payloadBytes,
      physicalBytes: physicalBefore === null ? null : physicalAfter - physicalBefore,
    };
  }

  async function close() {
    try {
      await store.close();
      await opened.dispose();
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  }

  return { kind, label: storeLabels[kind], measuresStorage: opened.measuresStorage !== false, run, close };
}
