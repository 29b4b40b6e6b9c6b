import { mkdir, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import path from "node:path";
import type { BenchResults } from "./bench-record.js";
import type { PassTiming } from "./run-unit.js";

/** `meta.json`: how and when a bench ran; everything that differs between two runs of the same bench. */
export interface BenchMeta {
  metaVersion: 1;
  /** The command line that produced the results, as typed (for the report). */
  command: string;
  startedAt: string;
  finishedAt: string;
  /** The bench's real duration, milliseconds. */
  durationMs: number;
  concurrency: number;
  node: string;
  platform: string;
  cpus: number;
  /** Real time per pass: preparing, the agent, grading. */
  timings: PassTiming[];
}

/**
 * The exact text of `results.json`: the same results give the same bytes.
 *
 * @example
 * ```ts
 * await writeFile("results.json", serializeResults(results));
 * ```
 */
export function serializeResults(results: BenchResults): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}

/**
 * Writes `results.json` and `meta.json` into `directory` (created if missing; earlier files replaced).
 *
 * @example
 * ```ts
 * await writeBenchFiles({ directory: "bench-results", results, meta: describeBench({ ... }) });
 * ```
 */
export async function writeBenchFiles(options: {
  directory: string;
  results: BenchResults;
  meta: BenchMeta;
}): Promise<void> {
  await mkdir(options.directory, { recursive: true });
  await writeFile(path.join(options.directory, "results.json"), serializeResults(options.results));
  await writeFile(path.join(options.directory, "meta.json"), `${JSON.stringify(options.meta, null, 2)}\n`);
}

/**
 * The meta record of a finished bench, from its start and end times (real clock).
 *
 * @example
 * ```ts
 * const meta = describeBench({ command: "agentone bench --quick", startedAt, finishedAt: Date.now(), concurrency: 2, timings });
 * ```
 */
export function describeBench(input: {
  command: string;
  startedAt: number;
  finishedAt: number;
  concurrency: number;
  timings: PassTiming[];
}): BenchMeta {
  return {
    metaVersion: 1,
    command: input.command,
    startedAt: new Date(input.startedAt).toISOString(),
    finishedAt: new Date(input.finishedAt).toISOString(),
    durationMs: input.finishedAt - input.startedAt,
    concurrency: input.concurrency,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus().length,
    timings: input.timings,
  };
}
