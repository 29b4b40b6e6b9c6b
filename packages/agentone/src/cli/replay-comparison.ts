import { UsageError } from "../core/errors/index.js";
import type { RunEvent } from "../core/events/run-event.js";
import { foldRunState } from "../core/run-state/fold-run-state.js";
import { isTerminalStatus, isWaitingStatus } from "../core/run-status.js";
import { describeDivergence } from "../engine/replay/compare-events.js";
import { firstDifference } from "../engine/replay/deep-difference.js";
import type { ReplayResult } from "../engine/replay/replay-run.js";
import { buildReport } from "../report/build-report.js";
import type { RunReport } from "../report/run-report.js";

// What `agentone replay` compares and reports beyond the replay itself: its own module, loaded by that
// command alone, so that other commands and `--help` do not load the report and the comparison.
export { buildReport, describeDivergence };

/** Report fields that differ between a run and its replay without any difference in behaviour (times, ids). */
function incidentalReportField(path: string): boolean {
  return (
    ["runId", "startedAt", "endedAt", "wallClockMs", "latency", "artifacts.diff"].includes(path) ||
    /^sla\.outcomes\[\d+\]\.actualMs$/.test(path) ||
    /^circuits\[\d+\]\.at$/.test(path)
  );
}

/** Where the replay's report first differs from the recorded run's, if the events did not already. */
export function reportDifference(recorded: RunReport, replay: ReplayResult): string | null {
  if (replay.divergence !== null || replay.events.length === 0) return null;
  const difference = firstDifference(recorded, buildReport(replay.events), { ignore: incidentalReportField });
  if (difference === null) return null;
  return `the report's ${difference.path} was ${JSON.stringify(difference.recorded)} in the recording, ${JSON.stringify(difference.replayed)} in the replay`;
}

/**
 * A log without an end or a wait stops in the middle of the run: its process is still executing it, or
 * stopped without ending it. Replaying it would only report that the recording ran out.
 */
export function assertReplayable(runId: string, events: readonly RunEvent[]): void {
  const { status } = foldRunState(events);
  if (isTerminalStatus(status) || isWaitingStatus(status)) return;
  throw new UsageError(
    `run ${runId} has no end in its log (it is ${status}): it is still executing in another process, or its process stopped without ending it (a crash); nothing can be compared until it ends. In the second case end it with \`agentone kill ${runId}\`, then replay it`,
  );
}
