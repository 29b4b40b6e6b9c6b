/**
 * Replay of a recorded run with `replayRun` from the library: the engine decides every step again while
 * model answers and tool outputs come from the recording. Timed in this process, with the peak heap seen
 * at each replayed step (after a garbage collection before each replay, when node runs with --expose-gc).
 */
import { performance } from "node:perf_hooks";
import { describeDivergence, replayRun } from "agentone";

const gc = globalThis.gc ?? (() => {});

/** Replays `recording` (`events` and the `runtime` that ran it) `rounds` times; one figure per replay. */
export async function measureReplay(recording, rounds) {
  const replays = [];
  for (let round = 0; round < rounds; round++) {
    gc();
    let peakHeapMb = process.memoryUsage().heapUsed / 2 ** 20;
    const startedAt = performance.now();
    const replay = await replayRun({
      events: recording.events,
      base: recording.runtime,
      // Sampled at each step, not each event, so the sampling itself stays out of the figure.
      onEvent: (event) => {
        if (event.type !== "step-start") return;
        peakHeapMb = Math.max(peakHeapMb, process.memoryUsage().heapUsed / 2 ** 20);
      },
    });
    const wallMs = performance.now() - startedAt;
    peakHeapMb = Math.max(peakHeapMb, process.memoryUsage().heapUsed / 2 ** 20);
    if (replay.error !== null) throw replay.error;
    if (replay.divergence !== null)
      throw new Error(`the replay departed from the recording: ${describeDivergence(replay.divergence)}`);
    replays.push({ wallMs, peakHeapMb, events: replay.events.length });
  }
  return { gcAvailable: globalThis.gc !== undefined, replays };
}
