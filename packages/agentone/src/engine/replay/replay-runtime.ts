import { BackendRegistry } from "../../backends/backend-registry.js";
import { VirtualClock } from "../../core/clock/index.js";
import type { RunEvent } from "../../core/events/run-event.js";
import { createSequentialIdGenerator } from "../../core/ids.js";
import type { CircuitBreakerSettings } from "../../policy/circuit-breaker.js";
import { BackendHealth } from "../model-call/backend-health.js";
import { createRuntime, type Runtime } from "../runtime.js";
import type { Divergence } from "./compare-events.js";
import { recordedCaches } from "./recorded-caches.js";
import type { Recording } from "./recording.js";
import { ReplayBackend, type ReplayCounters } from "./replay-backend.js";
import { ReplayCursor } from "./replay-cursor.js";
import { ReplayKillSwitch } from "./replay-kill-switch.js";
import { ReplayStore } from "./replay-store.js";
import { replayTools } from "./replay-tools.js";

/** What a replay takes from the live runtime: the catalog, the tools' definitions, the approval rules. */
export type ReplayBase = Pick<Runtime, "backends" | "tools" | "tokenCounter" | "approvals">;

/** A runtime that re-runs a recording, and what it observed. */
export interface ReplaySession {
  runtime: Runtime & { clock: VirtualClock };
  cursor: ReplayCursor;
  counters: ReplayCounters;
  /** The id the replay runs under (in memory only). */
  runId: string;
  /** Moves the virtual clock to a recorded time, e.g. when a person resumed the run. */
  advanceTo(at: string): void;
  /** Starts backend health afresh, as the recorded run's was when another process continued it. */
  resetHealth(): void;
}

/**
 * The tools the recorded run offered, in its order: the names its own model calls were sent with (the
 * tool set of today may have grown, and a longer tool list changes every request and its budget). A
 * recording whose calls offered no tools gets today's set, which none of its calls would see either.
 */
export function recordedTools(base: ReplayBase, events: readonly RunEvent[]): Runtime["tools"] {
  const names: string[] = [];
  for (const event of events)
    if (event.type === "model-call-start" && !event.nested)
      for (const name of event.request.tools) if (!names.includes(name)) names.push(name);
  if (names.length === 0) return base.tools;
  return names.flatMap((name) => base.tools.filter((tool) => tool.name === name));
}

/** Backend names the replay must answer for: the live registry's and the recording's. */
function backendNames(base: ReplayBase, events: readonly RunEvent[]): string[] {
  const names = new Set(base.backends.availableModels().map((model) => model.backend));
  for (const event of events) if (event.type === "model-call-start") names.add(event.backend);
  const pinned = events[0]?.type === "run-start" ? events[0].options.model : null;
  if (pinned) names.add(base.backends.catalog.get(pinned).backend);
  return [...names];
}

/**
 * Assembles the runtime of a replay. Everything that would reach the world is replaced: the backends by
 * {@link ReplayBackend}s (one per backend name, so model calls record the same backend), the tools by
 * recorded stubs, the caches by the recording's, the kill switch by one that fires where the recording's
 * did, and the store by memory. The clock is virtual and starts at the recorded start; the backend health
 * starts fresh and is fed only by the replayed calls, as a new CLI process's is. Every emitted event is
 * compared with the recording as it happens; the first divergence stops the replay (its kill switch).
 */
export function createReplaySession(options: {
  recording: Recording;
  base: ReplayBase;
  circuitBreaker?: CircuitBreakerSettings;
  ignore?: ReadonlySet<string>;
  onEvent?: (event: RunEvent) => void;
  onDivergence?: (divergence: Divergence) => void;
}): ReplaySession {
  const { recording, base } = options;
  const clock = new VirtualClock({ start: Date.parse(recording.runStart.at) });
  const ids = createSequentialIdGenerator();
  const runId = ids.next("replay");
  const counters: ReplayCounters = { modelCalls: 0, toolCalls: 0 };
  let killSwitch: ReplayKillSwitch | undefined;
  const kill = () => void killSwitch?.trigger({ runId });
  const advanceTo = (at: string) => {
    const target = Date.parse(at);
    if (target > clock.now()) clock.advance(target - clock.now());
  };
  const cursor = new ReplayCursor({
    recording,
    ...(options.ignore ? { ignore: options.ignore } : {}),
    onDivergence: (divergence) => {
      options.onDivergence?.(divergence);
      // Not from inside the event's emission: the run stops at its next check or in-flight call.
      queueMicrotask(kill);
    },
  });
  killSwitch = new ReplayKillSwitch({ recording, cursor });
  const backends = new BackendRegistry({
    catalog: base.backends.catalog,
    backends: backendNames(base, recording.events).map(
      (name) => new ReplayBackend({ name, recording, cursor, clock, counters, kill }),
    ),
  });
  const freshHealth = () =>
    new BackendHealth({ clock, ...(options.circuitBreaker ? { settings: options.circuitBreaker } : {}) });
  const runtime = createRuntime({
    store: new ReplayStore(),
    tokenCounter: base.tokenCounter,
    clock,
    ids,
    backends,
    tools: replayTools(recordedTools(base, recording.events), { recording, cursor, clock, counters, kill }),
    killSwitch,
    health: freshHealth(),
    approvals: base.approvals,
    toolCache: null,
    caches: recordedCaches(recording),
    onEvent: (event) => {
      cursor.observe(event);
      // Keeps the replay's time with the recording's: waits and the real clock's overheads reappear.
      const recorded = recording.at(event.seq);
      if (cursor.divergence === null && recorded) advanceTo(recorded.at);
      options.onEvent?.(event);
    },
  });
  const replayRuntime = { ...runtime, clock };
  const resetHealth = () => {
    replayRuntime.health = freshHealth();
  };
  return { runtime: replayRuntime, cursor, counters, runId, advanceTo, resetHealth };
}
