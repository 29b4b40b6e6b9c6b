import { plural } from "agentone/internal";
import type { BenchRecord } from "./bench-record.js";

/** Progress of a bench on stderr, told about units as they are planned and finished. */
export interface BenchProgress {
  /** More units are planned (a later phase adds its units once the earlier one has run). */
  planned(count: number): void;
  finished(records: readonly BenchRecord[]): void;
  /** Ends the display (the interactive bar gets its final newline). */
  close(): void;
}

/**
 * A duration for people: hours and minutes, minutes and seconds, or seconds.
 *
 * @example
 * ```ts
 * formatDuration(185_000); // "3m05s"
 * ```
 */
export function formatDuration(milliseconds: number): string {
  const seconds = Math.max(0, Math.round(milliseconds / 1000));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (hours > 0) return `${hours}h${String(minutes).padStart(2, "0")}m`;
  if (minutes > 0) return `${minutes}m${String(seconds % 60).padStart(2, "0")}s`;
  return `${seconds}s`;
}

function describeRecord(record: BenchRecord): string {
  const verdict = record.error !== null ? `error: ${record.error}` : record.success ? "success" : "failure";
  const pass = record.pass > 1 ? ` (pass ${record.pass})` : "";
  const seconds = (record.latency.runMs / 1000).toFixed(1);
  return `${record.task} · ${record.policy}${pass} · seed ${record.seed}: ${verdict} (quality ${record.quality.toFixed(2)}), $${record.costUsd.toFixed(4)}, ${seconds} s`;
}

const barWidth = 24;

/**
 * Progress with an ETA (elapsed time per finished unit times the units left). On a terminal it is one bar
 * redrawn in place; elsewhere (CI logs) one line per finished run.
 *
 * @example
 * ```ts
 * const progress = createBenchProgress({ write: (text) => process.stderr.write(text), interactive: false, now: Date.now });
 * progress.planned(12);
 * progress.finished(records); // "[1/12] triage-ci · agentone · seed 1: success (quality 1.00), $0.0123, 14.2 s · ETA 2m10s"
 * ```
 */
export function createBenchProgress(options: {
  write: (text: string) => void;
  interactive: boolean;
  now: () => number;
}): BenchProgress {
  const started = options.now();
  let total = 0;
  let done = 0;
  let successes = 0;
  let errors = 0;
  const eta = () => {
    if (done === 0) return "ETA --";
    const perUnit = (options.now() - started) / done;
    return `ETA ${formatDuration(perUnit * (total - done))}`;
  };
  const drawBar = () => {
    const filled = total === 0 ? 0 : Math.round((done / total) * barWidth);
    const bar = `${"#".repeat(filled)}${"-".repeat(barWidth - filled)}`;
    const failures = errors > 0 ? `, ${plural(errors, "error")}` : "";
    options.write(
      `\r[${bar}] ${done}/${total} runs, ${successes} succeeded${failures}, ${formatDuration(options.now() - started)} elapsed, ${eta()}\u001b[K`,
    );
  };
  return {
    planned(count) {
      total += count;
      if (options.interactive) drawBar();
    },
    finished(records) {
      done++;
      for (const record of records) {
        if (record.success) successes++;
        if (record.error !== null) errors++;
      }
      if (options.interactive) return drawBar();
      for (const record of records)
        options.write(`[${done}/${total}] ${describeRecord(record)} · ${eta()}\n`);
    },
    close() {
      if (options.interactive) options.write("\n");
    },
  };
}
