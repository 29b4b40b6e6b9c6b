/**
 * The goals of issue 15 and the rows that judge them: every measured figure becomes a row with the goal it
 * answers to and its status ("met", "NOT met"), or "reference" for a figure with no goal of its own (the
 * peers, the in-memory store), or "skipped" for a system not measured, or "not judged" when the run measured
 * another size than the one the goal names (a --quick run).
 */
import { median } from "./statistics.mjs";

const kilobyte = 1024;

/** Goals of a governed step with persistence, by run length. */
export const stepGoalsMs = { 100: 1, 1000: 1.5 };
export const lateEarlyGoal = 1.3;
export const logBytesPerStepGoal = 8 * kilobyte;
export const startupGoals = { wallMs: 250, peakRssMb: 150, firstRunMs: 1500 };
export const replayGoal = { steps: 1000, wallMs: 2000 };

/** The stores the per-step goals are set for: the ones that persist. */
const persistedStores = new Set(["pglite", "postgres"]);

function judge(met) {
  return met ? "met" : "NOT met";
}

export function formatMs(value) {
  if (value === null || Number.isNaN(value)) return "—";
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  if (value >= 0.1) return `${value.toFixed(2)} ms`;
  return `${value.toFixed(3)} ms`;
}

export function formatBytes(value) {
  if (value === null || Number.isNaN(value)) return "—";
  if (value >= kilobyte * kilobyte) return `${(value / kilobyte / kilobyte).toFixed(1)} MB`;
  if (value >= kilobyte) return `${(value / kilobyte).toFixed(1)} KB`;
  return `${Math.round(value)} B`;
}

const formatMb = (value) => (value === null || Number.isNaN(value) ? "—" : `${value.toFixed(0)} MB`);

function row(fields) {
  return { unit: "ms", value: null, goal: "—", status: "reference", ...fields };
}

/**
 * The per-step row of one governed store at one size: its goal is the fixed one for the size (if any) and
 * being ahead of the OpenAI Agents SDK measured at the same size in the same run.
 */
function governedStepRow(system, stepCount, figures, openAIMs) {
  const value = median(figures.perStepMs);
  const base = { section: "steps", measure: "per governed step, wall", system: system.label, n: stepCount };
  if (!persistedStores.has(system.kind)) return row({ ...base, value, display: formatMs(value) });
  const parts = [];
  let met = true;
  const fixed = stepGoalsMs[stepCount];
  if (fixed !== undefined) {
    parts.push(`≤ ${fixed} ms`);
    met &&= value <= fixed;
  }
  if (openAIMs !== undefined) {
    parts.push(`< OpenAI Agents SDK (${formatMs(openAIMs)})`);
    met &&= value < openAIMs;
  }
  if (parts.length === 0) return row({ ...base, value, display: formatMs(value) });
  return row({ ...base, value, display: formatMs(value), goal: parts.join(" and "), status: judge(met) });
}

function lateEarlyRow(system, stepCount, figures) {
  const value = median(figures.lateEarly);
  const base = {
    section: "steps",
    measure: "late/early step cost (last 10% of steps / steps at 5–15%)",
    system: system.label,
    n: stepCount,
    unit: "ratio",
    value,
    display: Number.isNaN(value) ? "—" : `${value.toFixed(2)}×`,
  };
  if (!persistedStores.has(system.kind)) return row(base);
  if (stepCount !== 1000)
    return row({ ...base, goal: `≤ ${lateEarlyGoal}× at N=1000`, status: "not judged (goal at N=1000)" });
  return row({ ...base, goal: `≤ ${lateEarlyGoal}×`, status: judge(value <= lateEarlyGoal) });
}

function storageRows(system, stepCount, figures) {
  const logical = median(figures.logBytesPerStep);
  const rows = [
    row({
      section: "storage",
      measure: "event log per step (events + payloads, storageStats)",
      system: system.label,
      n: stepCount,
      unit: "bytes",
      value: logical,
      display: formatBytes(logical),
      goal: `≤ ${formatBytes(logBytesPerStepGoal)}`,
      status: judge(logical <= logBytesPerStepGoal),
    }),
  ];
  const physical = figures.physicalBytesPerStep.filter((value) => value !== null);
  if (physical.length > 0) {
    const value = median(physical);
    rows.push(
      row({
        section: "storage",
        measure:
          system.kind === "postgres"
            ? "physical growth per step (pg_total_relation_size)"
            : "physical growth per step (store directory)",
        system: system.label,
        n: stepCount,
        unit: "bytes",
        value,
        display: formatBytes(value),
      }),
    );
  }
  return rows;
}

function skippedRow(section, system, reason) {
  return row({
    section,
    measure: "all",
    system: system.label,
    n: null,
    display: "—",
    status: `skipped: ${reason}`,
  });
}

function loopRows(loops, sections) {
  const rows = [];
  for (const system of loops.systems) {
    const isPeer = system.family === "peer";
    if (system.skipped !== undefined) {
      if (sections.includes(isPeer ? "peers" : "steps"))
        rows.push(skippedRow(isPeer ? "peers" : "steps", system, system.skipped));
      if (!isPeer && sections.includes("storage")) rows.push(skippedRow("storage", system, system.skipped));
      continue;
    }
    for (const [size, bySystem] of Object.entries(loops.bySize)) {
      const stepCount = Number(size);
      const figures = bySystem[system.kind];
      if (figures === undefined) continue;
      if (isPeer) {
        const value = median(figures.perStepMs);
        rows.push(
          row({
            section: "peers",
            measure: "per step, wall",
            system: system.label,
            n: stepCount,
            value,
            display: formatMs(value),
          }),
        );
        continue;
      }
      const openAI = bySystem["openai-agents"];
      if (sections.includes("steps")) {
        rows.push(
          governedStepRow(
            system,
            stepCount,
            figures,
            openAI === undefined ? undefined : median(openAI.perStepMs),
          ),
        );
        if (figures.lateEarly.length > 0) rows.push(lateEarlyRow(system, stepCount, figures));
      }
      if (sections.includes("storage") && system.measuresStorage !== false)
        rows.push(...storageRows(system, stepCount, figures));
    }
  }
  return rows;
}

/** A goal on a figure: the text printed, and whether a value meets it. */
const below = (limit, format) => ({ text: `< ${format(limit)}`, meets: (value) => value < limit });
const atMost = (limit, format) => ({ text: `≤ ${format(limit)}`, meets: (value) => value <= limit });

function startupRows(startup) {
  const { figures, rssAvailable } = startup;
  const figureRow = ({ name, label, kind, goal, system = "agentone binary" }) => {
    const wall = kind === "wall";
    const value = wall
      ? median(figures[name].map((figure) => figure.wallMs))
      : rssAvailable
        ? median(figures[name].map((figure) => figure.peakRssMb))
        : null;
    const judged =
      goal === undefined
        ? {}
        : value === null
          ? { goal: goal.text, status: "skipped: no /usr/bin/time" }
          : { goal: goal.text, status: judge(goal.meets(value)) };
    return row({
      section: "startup",
      measure: `${label}: ${wall ? "wall" : "peak RSS"}`,
      system,
      n: null,
      unit: wall ? "ms" : "MB",
      value,
      display: wall ? formatMs(value) : formatMb(value),
      ...judged,
    });
  };
  const wallGoal = below(startupGoals.wallMs, formatMs);
  const rssGoal = below(startupGoals.peakRssMb, (limit) => `${limit} MB`);
  const commands = [
    { name: "help", label: "agentone --help", wall: wallGoal, rss: rssGoal },
    { name: "runs", label: "agentone runs (a home with 2 runs)", wall: wallGoal, rss: rssGoal },
    {
      name: "firstRun",
      label: "first agentone run in a new home (examples/ci-failure)",
      wall: atMost(startupGoals.firstRunMs, formatMs),
    },
    { name: "warmRun", label: "second agentone run in the same home" },
    { name: "node", label: "node -e 0 (the floor)", system: "node" },
  ];
  return commands.flatMap((command) => [
    figureRow({ ...command, kind: "wall", goal: command.wall }),
    figureRow({ ...command, kind: "rss", goal: command.rss }),
  ]);
}

function replayRows(replay) {
  const wallMs = median(replay.replays.map((figure) => figure.wallMs));
  const peakHeapMb = median(replay.replays.map((figure) => figure.peakHeapMb));
  const base = { section: "replay", system: "replayRun (library)", n: replay.steps };
  const judged =
    replay.steps === replayGoal.steps
      ? { status: judge(wallMs <= replayGoal.wallMs) }
      : { status: `not judged (goal at N=${replayGoal.steps})` };
  return [
    row({
      ...base,
      measure: `replay of a ${replay.steps}-step run: wall`,
      value: wallMs,
      display: formatMs(wallMs),
      goal: `≤ ${formatMs(replayGoal.wallMs)} at N=${replayGoal.steps}`,
      ...judged,
    }),
    row({
      ...base,
      measure: `replay of a ${replay.steps}-step run: peak heap used`,
      unit: "MB",
      value: peakHeapMb,
      display: formatMb(peakHeapMb),
    }),
  ];
}

/** The floors: reference rows, each what the databases alone cost (see floors.mjs). */
function floorRows(floors) {
  const base = { section: "floors", n: null };
  const rows = [
    ["one durable commit of one row (insert, commit)", "PGlite on disk, alone", floors.pgliteCommitMs],
    ["one durable commit of one row (insert, commit)", "PostgreSQL, alone", floors.postgresCommitMs],
    ["open an existing store, to its first answer", "PGlite on disk, alone", floors.pgliteOpenMs],
  ];
  return rows.map(([measure, system, value]) =>
    value === null
      ? row({ ...base, measure, system, display: "—", status: "skipped: no --database-url" })
      : row({ ...base, measure, system, value, display: formatMs(value) }),
  );
}

const sectionOrder = ["steps", "peers", "storage", "startup", "replay", "floors"];

/** Every row of the report, grouped by section (in the order the issue lists them), from what the run measured. */
export function goalRows(measurements, sections) {
  const rows = [
    ...(measurements.loops === undefined ? [] : loopRows(measurements.loops, sections)),
    ...(measurements.startup === undefined ? [] : startupRows(measurements.startup)),
    ...(measurements.replay === undefined ? [] : replayRows(measurements.replay)),
    ...(measurements.floors === undefined ? [] : floorRows(measurements.floors)),
  ];
  // A stable sort: within a section, rows keep their system-then-size order.
  return rows.sort((left, right) => sectionOrder.indexOf(left.section) - sectionOrder.indexOf(right.section));
}
