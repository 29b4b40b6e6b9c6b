#!/usr/bin/env node
/**
 * `npm run bench:engine`: the figures of issue 15 ("Flat cost per step"), each printed with its goal and
 * whether it is met. Per governed step wall time at several run lengths on each store, with the late/early
 * ratio that shows whether a step's cost grows with its number; the same scenario in a bare loop, the
 * OpenAI Agents SDK and the AI SDK, interleaved with AgentOne's runs in this one process; the event log's
 * size per step; the binary's start-up; the replay of a long run; and the floors the databases alone set.
 *
 * It drives AgentOne only through the published surface (`agentone`, `agentone/testing`, resolved to the
 * built `dist/`), so the same script measures the engine before and after a change of its internals. The
 * peers are dev dependencies of this package, pinned; their versions are printed.
 *
 * @example
 * ```sh
 * npm run bench:engine                                          # builds, then everything (several minutes)
 * npm run bench:engine -- --quick --sections steps,peers,storage --json engine.json
 * node --expose-gc packages/bench/scripts/bench-engine.mjs --database-url postgresql://postgres@127.0.0.1:5432/test
 * ```
 */
import { writeFile } from "node:fs/promises";
import { cpus, loadavg, totalmem } from "node:os";
import { performance } from "node:perf_hooks";
import { BenchUsageError, parseOptions, repetitionsAt, usage } from "./engine-bench/options.mjs";

// The measured code (AgentOne, the peers) loads only once the options are good, so --help answers at once.
let options;
try {
  options = parseOptions(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof BenchUsageError)) throw error;
  console.error(`bench:engine: ${error.message}\n\n${usage}`);
  process.exit(2);
}
if (options.help) {
  console.log(usage);
  process.exit(0);
}

const { loadTokenCounter } = await import("agentone");
const { openGovernedSystem, taggedIds } = await import("./engine-bench/agentone-loop.mjs");
const { goalRows } = await import("./engine-bench/goals.mjs");
const { openPeerSystems } = await import("./engine-bench/peer-loops.mjs");
const { comparisonTable, goalsTable } = await import("./engine-bench/print-table.mjs");
const { measureFloors } = await import("./engine-bench/floors.mjs");
const { measureReplay } = await import("./engine-bench/replay.mjs");
const { lateEarlyRatio, median } = await import("./engine-bench/statistics.mjs");
const { measureStartup, startupWorkspace } = await import("./engine-bench/startup.mjs");

const gc = globalThis.gc ?? (() => {});
const progress = (text) => process.stderr.write(`bench:engine: ${text}\n`);

/** The governed stores and the peers asked for; a store that cannot be measured here says why. */
async function openLoopSystems(options, shared) {
  const systems = [];
  const wantGoverned = options.sections.includes("steps") || options.sections.includes("storage");
  if (wantGoverned)
    for (const kind of options.stores) {
      if (kind === "postgres" && options.databaseUrl === "") {
        systems.push({
          kind,
          label: "AgentOne, PostgreSQL",
          family: "agentone",
          skipped: "no --database-url or AGENTONE_BENCH_DATABASE_URL",
        });
        continue;
      }
      const system = await openGovernedSystem(kind, { ...shared, databaseUrl: options.databaseUrl });
      systems.push({ ...system, family: "agentone" });
    }
  if (options.sections.includes("peers"))
    for (const peer of await openPeerSystems(options.peers)) systems.push({ ...peer, family: "peer" });
  return systems;
}

/** A list rotated by `by`, so no system always runs first (or right after the same other one). */
const rotated = (items, by) => items.map((_, index) => items[(index + by) % items.length]);

/**
 * Every loop at every size: warm-up runs, then the measured runs, interleaved (each repetition runs every
 * system once, in an order that rotates), each after a garbage collection.
 */
async function measureLoops(options, shared) {
  const systems = await openLoopSystems(options, shared);
  const active = systems.filter((system) => system.skipped === undefined);
  const bySize = {};
  try {
    for (const size of options.sizes) {
      const figures = Object.fromEntries(
        active.map((system) => [
          system.kind,
          { perStepMs: [], logBytesPerStep: [], physicalBytesPerStep: [], lateEarly: [] },
        ]),
      );
      bySize[size] = figures;
      if (size < 1000)
        for (let round = 0; round < options.warmup; round++)
          for (const system of active) await system.run(size, `warm-up ${size} ${round}`);
      const repetitions = repetitionsAt(options, size);
      for (let repetition = 0; repetition < repetitions; repetition++) {
        for (const system of rotated(active, repetition)) {
          gc();
          const result = await system.run(size, `${system.kind} ${size} ${repetition}`);
          const target = figures[system.kind];
          target.perStepMs.push(result.wallMs / size);
          // Long runs take long before the engine is fast: say how each went.
          if (size >= 1000) progress(`N=${size}: ${system.kind} took ${(result.wallMs / 1000).toFixed(1)} s`);
          if (system.family === "agentone") {
            if (result.logBytes !== null) target.logBytesPerStep.push(result.logBytes / size);
            target.physicalBytesPerStep.push(
              result.physicalBytes === null ? null : result.physicalBytes / size,
            );
            if (size >= 100) target.lateEarly.push(lateEarlyRatio(result.stepMs));
          }
        }
        progress(`N=${size}: repetition ${repetition + 1} of ${repetitions} done`);
      }
      // The medians so far, so a run stopped before its end still leaves figures behind.
      const medians = active.map(
        (system) => `${system.kind} ${median(figures[system.kind].perStepMs).toFixed(3)}`,
      );
      progress(`N=${size}: ms per step, median: ${medians.join(", ")}`);
    }
  } finally {
    for (const system of active) await system.close();
  }
  const describe = ({ kind, label, family, skipped, version, measuresStorage }) => ({
    kind,
    label,
    family,
    skipped,
    version,
    measuresStorage,
  });
  return { systems: systems.map(describe), bySize };
}

async function measureReplaySection(options, shared) {
  const system = await openGovernedSystem("memory", shared);
  try {
    progress(`replay: recording a ${options.replaySteps}-step run`);
    const recording = await system.run(options.replaySteps, "replay recording", { keepEvents: true });
    const measured = await measureReplay(recording, options.replayRounds);
    return { steps: options.replaySteps, ...measured };
  } finally {
    await system.close();
  }
}

function machine() {
  const processors = cpus();
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: processors.length,
    cpuModel: processors[0]?.model ?? "unknown",
    memoryGb: Number((totalmem() / 2 ** 30).toFixed(1)),
  };
}

async function main(options) {
  const startedAt = performance.now();
  const loadBefore = loadavg();
  const about = machine();
  console.log(
    `bench:engine ${new Date().toISOString()}: node ${about.node}, ${about.platform}, ${about.cpus} cpus (${about.cpuModel}), load average ${loadBefore.map((load) => load.toFixed(1)).join(" ")}`,
  );
  console.log(
    `sections ${options.sections.join(",")}; sizes ${options.sizes.join(",")}; ${options.repetitions} runs per system (${options.longRepetitions} at N>=1000), ${options.warmup} warm-up; medians${globalThis.gc ? "" : "; no --expose-gc: runs are not preceded by a garbage collection"}`,
  );
  const shared = { tokenCounter: await loadTokenCounter(), ids: taggedIds(Date.now().toString(36)) };
  const measurements = {};
  const wantLoops = ["steps", "peers", "storage"].some((section) => options.sections.includes(section));
  if (wantLoops) measurements.loops = await measureLoops(options, shared);
  if (options.sections.includes("startup")) {
    progress(`startup: ${options.startupRounds} rounds in new homes, ${startupWorkspace}`);
    measurements.startup = await measureStartup(options.startupRounds, (round) =>
      progress(`startup: round ${round} of ${options.startupRounds} done`),
    );
  }
  if (options.sections.includes("replay")) measurements.replay = await measureReplaySection(options, shared);
  if (options.sections.includes("floors")) {
    progress("floors: durable commits and store opens, on the databases alone");
    measurements.floors = await measureFloors({ databaseUrl: options.databaseUrl });
  }
  const rows = goalRows(measurements, options.sections);
  const durationMs = performance.now() - startedAt;
  if (measurements.loops !== undefined && measurements.loops.systems.length > 0)
    console.log(`\n${comparisonTable(measurements.loops)}`);
  console.log(`\n${goalsTable(rows)}`);
  const judged = rows.filter((row) => row.status === "met" || row.status === "NOT met");
  const met = judged.filter((row) => row.status === "met").length;
  console.log(
    `\n${met} of ${judged.length} goals met. Took ${(durationMs / 1000).toFixed(1)} s; load average ${loadavg()
      .map((load) => load.toFixed(1))
      .join(" ")} at the end.`,
  );
  if (options.json !== undefined) {
    const document = {
      measuredAt: new Date().toISOString(),
      durationMs,
      machine: { ...about, loadAverageBefore: loadBefore, loadAverageAfter: loadavg() },
      options: { ...options, databaseUrl: options.databaseUrl === "" ? null : "(given)" },
      rows,
      measurements,
    };
    await writeFile(options.json, `${JSON.stringify(document, null, 2)}\n`);
  }
}

await main(options);
