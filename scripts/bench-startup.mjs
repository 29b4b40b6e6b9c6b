#!/usr/bin/env node
/**
 * Start-up costs of the `agentone` command: wall time, CPU time and peak memory of `--help`, `runs`, `show`,
 * a run in a home that already has a store, and the first run in a new home (with the store template kept
 * in the cache folder, and without one), next to Node starting and doing nothing. Medians of interleaved
 * repeats, each command a process of its own, measured by GNU time (`/usr/bin/time`).
 *
 * It starts the built binary (`packages/agentone/bin/agentone.js`), so build first (`npm run bench:startup`
 * does). The runs are the simulated models' on `examples/ci-failure` (virtual clock: no real waiting).
 * On a machine shared with other work, wall times rise with the load; CPU times less so.
 *
 * @example
 * ```sh
 * npm run bench:startup
 * node scripts/bench-startup.mjs --repeats 9
 * ```
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const root = resolve(import.meta.dirname, "..");
const binary = join(root, "packages/agentone/bin/agentone.js");
const workspace = join(root, "examples/ci-failure");
const gnuTime = "/usr/bin/time";

const { values } = parseArgs({ options: { repeats: { type: "string", default: "5" } } });
const repeats = Number.parseInt(values.repeats, 10);
if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`--repeats must be a positive whole number`);
if (!existsSync(join(root, "packages/agentone/dist/cli/main.js")))
  throw new Error("packages/agentone/dist is missing: run `npm run build` first");
if (!existsSync(gnuTime)) throw new Error(`${gnuTime} (GNU time) is needed to measure CPU time and memory`);

const scratch = await mkdtemp(join(tmpdir(), "agentone-bench-startup-"));
const cache = join(scratch, "cache");
// No HOME and no XDG_CACHE_HOME: the CLI has nowhere to keep a template, as a bare library user.
const baseEnvironment = { PATH: process.env.PATH ?? "" };
const withTemplate = { ...baseEnvironment, XDG_CACHE_HOME: cache };

/** Runs one command under GNU time: seconds of wall and CPU time, and peak resident memory in MB. */
function measure(argv, environment) {
  const result = spawnSync(gnuTime, ["-f", "%e %U %S %M", process.execPath, ...argv], {
    cwd: root,
    env: environment,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const last = result.stderr.trim().split("\n").at(-1) ?? "";
  const [wall, user, system, kilobytes] = last.split(" ").map(Number);
  if (result.status !== 0 || [wall, user, system, kilobytes].some((value) => !Number.isFinite(value)))
    throw new Error(`${argv.join(" ")} failed (${result.status}):\n${result.stderr}`);
  return { wall, cpu: user + system, megabytes: kilobytes / 1024, stdout: result.stdout };
}

function agentone(home, args, environment = withTemplate) {
  return measure([binary, ...args], { ...environment, AGENTONE_HOME: home });
}

const run = ["run", "--workspace", workspace, "--json"];

// A home with three runs, for `runs`, `show` and the warm run; the template is made on the way.
const home = join(scratch, "home");
for (let index = 0; index < 3; index += 1) agentone(home, run);
const runId = JSON.parse(agentone(home, ["runs", "--json"]).stdout)[0].id;

let freshHomes = 0;
const freshHome = () => {
  freshHomes += 1;
  return join(scratch, `fresh-${freshHomes}`);
};
const cases = [
  { name: "node -e 0 (Node alone)", measure: () => measure(["-e", "0"], baseEnvironment) },
  { name: "agentone --help", goal: "0.25 s, 150 MB", measure: () => agentone(home, ["--help"]) },
  { name: "agentone runs (3 runs)", goal: "0.25 s, 150 MB", measure: () => agentone(home, ["runs"]) },
  { name: "agentone show RUN", measure: () => agentone(home, ["show", runId]) },
  { name: "run, home with a store", measure: () => agentone(home, run) },
  { name: "run, new home, template kept", goal: "1.5 s", measure: () => agentone(freshHome(), run) },
  {
    name: "run, new home, no template",
    measure: () => agentone(freshHome(), run, baseEnvironment),
  },
];

const samples = new Map(cases.map((entry) => [entry.name, []]));
for (let repeat = 0; repeat < repeats; repeat += 1)
  for (const entry of cases) samples.get(entry.name).push(entry.measure());

const median = (numbers) => {
  const sorted = [...numbers].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const loadAverage = (await readFile("/proc/loadavg", "utf8").catch(() => "?")).split(" ")[0];
console.log(`agentone start-up: medians of ${repeats} interleaved repeats; load average ${loadAverage}`);
const rows = [["command", "wall s", "CPU s", "peak MB", "goal"]];
for (const entry of cases) {
  const measured = samples.get(entry.name);
  rows.push([
    entry.name,
    median(measured.map((sample) => sample.wall)).toFixed(2),
    median(measured.map((sample) => sample.cpu)).toFixed(2),
    median(measured.map((sample) => sample.megabytes)).toFixed(0),
    entry.goal ?? "",
  ]);
}
const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
for (const row of rows)
  console.log(
    row
      .map((cell, column) => cell.padEnd(widths[column]))
      .join("  ")
      .trimEnd(),
  );
await rm(scratch, { recursive: true, force: true });
