import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The script and its modules are plain JavaScript run by node (they import the built dist/); the pure
// helpers are loaded here by URL, so the typecheck does not need declarations for them.
const scripts = new URL("../../scripts/", import.meta.url);
const script = fileURLToPath(new URL("bench-engine.mjs", scripts));
const load = (name: string) => import(new URL(`engine-bench/${name}`, scripts).href);

const run = promisify(execFile);

/** Runs the script to its exit; a non-zero exit is returned, not thrown. */
async function runScript(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--expose-gc", script, ...args], {
      env: { ...process.env, AGENTONE_BENCH_DATABASE_URL: "" },
      maxBuffer: 16 * 2 ** 20,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

describe("the late/early ratio", () => {
  it("compares steps 901–1000 with steps 51–150 of a 1000-step run", async () => {
    const { lateEarlyWindows } = await load("statistics.mjs");
    expect(lateEarlyWindows(1000)).toEqual({
      early: { first: 51, last: 150 },
      late: { first: 901, last: 1000 },
    });
    expect(lateEarlyWindows(100)).toEqual({ early: { first: 6, last: 15 }, late: { first: 91, last: 100 } });
  });

  it("is 1 for flat steps and the ratio of the windows' mean step numbers for linear growth", async () => {
    const { lateEarlyRatio } = await load("statistics.mjs");
    expect(lateEarlyRatio(Array.from({ length: 1000 }, () => 2))).toBe(1);
    // Step i costs i: the late window's mean is 950.5, the early one's 100.5.
    expect(lateEarlyRatio(Array.from({ length: 1000 }, (_, index) => index + 1))).toBeCloseTo(
      950.5 / 100.5,
      10,
    );
    expect(lateEarlyRatio([1, 2, 3])).toBeNaN();
  });

  it("takes the median of an even count as the mean of the middle two", async () => {
    const { median } = await load("statistics.mjs");
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, 1, 3])).toBe(3);
  });
});

describe("the goal rows", () => {
  const figures = (perStepMs: number, extra: Record<string, number[]> = {}) => ({
    perStepMs: [perStepMs],
    logBytesPerStep: [1000],
    physicalBytesPerStep: [],
    lateEarly: [],
    ...extra,
  });
  const systems = [
    { kind: "memory", label: "memory", family: "agentone" },
    { kind: "pglite", label: "pglite", family: "agentone" },
    { kind: "postgres", label: "postgres", family: "agentone", skipped: "no database URL" },
    { kind: "openai-agents", label: "openai", family: "peer" },
  ];

  it("judges a persisted store by the fixed goal and by the OpenAI Agents SDK of the same run", async () => {
    const { goalRows } = await load("goals.mjs");
    const loops = {
      systems,
      bySize: {
        100: { memory: figures(5), pglite: figures(0.9), "openai-agents": figures(2) },
        1000: {
          memory: figures(5),
          pglite: figures(1.4, { lateEarly: [1.5] }),
          "openai-agents": figures(1.2),
        },
      },
    };
    const rows = goalRows({ loops }, ["steps", "peers", "storage"]);
    const find = (system: string, n: number, measure: string) =>
      rows.find(
        (row: { system: string; n: number; measure: string }) =>
          row.system === system && row.n === n && row.measure.startsWith(measure),
      );
    expect(find("pglite", 100, "per governed step").status).toBe("met");
    // Under 1.5 ms, but behind the OpenAI Agents SDK's 1.2 ms.
    expect(find("pglite", 1000, "per governed step").status).toBe("NOT met");
    expect(find("pglite", 1000, "late/early").status).toBe("NOT met");
    expect(find("memory", 100, "per governed step").status).toBe("reference");
    expect(find("pglite", 1000, "event log per step").status).toBe("met");
    expect(rows.filter((row: { status: string }) => row.status.startsWith("skipped"))).toHaveLength(2);
    expect(rows.map((row: { section: string }) => row.section)).toEqual(
      [...rows.map((row: { section: string }) => row.section)].sort(
        (left, right) =>
          ["steps", "peers", "storage"].indexOf(left) - ["steps", "peers", "storage"].indexOf(right),
      ),
    );
  });

  it("judges a replay only at the length its goal names", async () => {
    const { goalRows } = await load("goals.mjs");
    const replay = (steps: number, wallMs: number) => ({
      steps,
      replays: [{ wallMs, peakHeapMb: 50, events: 10 }],
    });
    const wallRow = (steps: number, wallMs: number) =>
      goalRows({ replay: replay(steps, wallMs) }, ["replay"])[0];
    expect(wallRow(1000, 1900).status).toBe("met");
    expect(wallRow(1000, 2100).status).toBe("NOT met");
    expect(wallRow(100, 10).status).toBe("not judged (goal at N=1000)");
  });
});

describe("bench-engine.mjs", () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "agentone-bench-engine-test-"));
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it("prints its usage with --help and rejects a bad size with one clear error", async () => {
    const help = await runScript("--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--sections <list>");
    const bad = await runScript("--sizes", "2");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--sizes must be an integer >= 3, not '2'");
  });

  it("writes every row of a tiny run as JSON, each with a figure, a goal and a status", async () => {
    const json = join(directory, "engine.json");
    const result = await runScript(
      ...["--sections", "steps,peers,storage", "--stores", "engine,memory,postgres", "--sizes", "3"],
      ...["--repetitions", "1", "--warmup", "0", "--json", json],
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/\| per step, wall +\| N=3 +\|/);
    const document = JSON.parse(await readFile(json, "utf8"));
    const kinds = document.measurements.loops.systems.map((system: { kind: string }) => system.kind);
    expect(kinds).toEqual(["engine", "memory", "postgres", "bare", "openai-agents", "ai-sdk"]);
    // The engine alone is a reference for the steps, with no storage of its own to report.
    const engineRows = document.rows.filter((row: { system: string }) =>
      row.system.startsWith("AgentOne, engine alone"),
    );
    expect(engineRows.length).toBeGreaterThan(0);
    for (const row of engineRows) expect(row).toMatchObject({ section: "steps", status: "reference" });
    for (const row of document.rows) {
      expect(typeof row.goal).toBe("string");
      expect(row.status).toMatch(/^(met|NOT met|reference|skipped: .+|not judged .+)$/);
      if (!row.status.startsWith("skipped")) expect(row.value).toBeGreaterThan(0);
    }
    const sections = new Set(document.rows.map((row: { section: string }) => row.section));
    expect([...sections]).toEqual(["steps", "peers", "storage"]);
    expect(document.rows.find((row: { status: string }) => row.status.startsWith("skipped")).system).toBe(
      "AgentOne, PostgreSQL",
    );
  }, 300_000);
});
