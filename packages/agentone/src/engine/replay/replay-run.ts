import type { EventOf, RunEvent } from "../../core/events/run-event.js";
import type { QualityLevel } from "../../core/routing-policy-schema.js";
import type { CircuitBreakerSettings } from "../../policy/circuit-breaker.js";
import { resolveRoutingPolicy } from "../../policy/routing-policy.js";
import { continueRun } from "../lifecycle/continue-run.js";
import { decideApproval } from "../lifecycle/decide-approval.js";
import { executeNextStep } from "../lifecycle/execute-next-step.js";
import type { RunResult } from "../lifecycle/execute-run.js";
import { resumeRun } from "../lifecycle/resume-run.js";
import type { Divergence } from "./compare-events.js";
import { continueFromHistory } from "./continue-from-history.js";
import { Recording } from "./recording.js";
import type { ReplayCounters } from "./replay-backend.js";
import { createReplaySession, type ReplayBase, type ReplaySession } from "./replay-runtime.js";

/** A deliberate change to replay under: the divergence it causes is what the replay reports. */
export interface ReplayOverrides {
  /** Pin this model (null: unpin). */
  model?: string | null;
  /** Route by this quality level's preset policy instead of the recorded policy. */
  quality?: QualityLevel;
}

export interface ReplayOptions {
  /** The recorded run's events, as the store returns them. */
  events: readonly RunEvent[];
  /** The live runtime's catalog, tool definitions and approval rules (none of it is called). */
  base: ReplayBase;
  /** The circuit breaker settings the recorded run ran under (default: the built-in ones). */
  circuitBreaker?: CircuitBreakerSettings;
  overrides?: ReplayOverrides;
  onEvent?: (event: RunEvent) => void;
}

export interface ReplayResult {
  /** The replay's events (its own run id; in memory only). */
  events: RunEvent[];
  /** The first event that departs from the recording, times and ids aside; null for an exact replay. */
  divergence: Divergence | null;
  /** What the recording answered: model calls and tool calls. Nothing was called or executed. */
  served: ReplayCounters;
  /** How the replayed run ended (null when it stopped with an error, which `error` holds). */
  result: RunResult | null;
  error: unknown;
}

/** The recorded run-start under the replay's id, with the overrides applied; the paths they change. */
function replayStart(
  recording: Recording,
  input: { runId: string; overrides: ReplayOverrides },
): { start: EventOf<"run-start">; ignore: Set<string> } {
  const recorded = recording.runStart;
  const options = { ...recorded.options };
  const ignore = new Set<string>();
  if (input.overrides.model !== undefined) {
    options.model = input.overrides.model;
    ignore.add("options.model");
  }
  if (input.overrides.quality !== undefined) {
    options.policy = resolveRoutingPolicy({ quality: input.overrides.quality });
    ignore.add("options.policy");
  }
  return { start: { ...recorded, runId: input.runId, options }, ignore };
}

/** The recorded events a replayed fork inherits, as its own (they were copied, not executed, the first time too). */
function inheritedEvents(recording: Recording, runId: string): RunEvent[] {
  const count = recording.runStart.forkedFrom?.inheritedEvents ?? 0;
  return recording.events.slice(1, count + 1).map((event) => ({ ...event, runId }));
}

/** After a wait, what the person did next (as recorded): resume, or decide approvals. */
async function continueAfterWait(session: ReplaySession, next: RunEvent): Promise<RunResult | null> {
  const { runtime, runId } = session;
  // The recorded run went on in a process whose backend health was new: so does the replay.
  if ((next.type === "run-input" || next.type === "approval-decision") && next.freshHealth)
    session.resetHealth();
  if (next.type === "run-input") {
    session.advanceTo(next.at);
    const add = {
      ...(next.addUsd === undefined ? {} : { usd: next.addUsd }),
      ...(next.addTokens === undefined ? {} : { tokens: next.addTokens }),
      ...(next.addSteps === undefined ? {} : { steps: next.addSteps }),
      ...(next.addToolCalls === undefined ? {} : { toolCalls: next.addToolCalls }),
      ...(next.addModelCalls === undefined ? {} : { modelCalls: next.addModelCalls }),
      ...(next.addRetries === undefined ? {} : { retries: next.addRetries }),
      ...(next.addWallClockMs === undefined ? {} : { wallClockMs: next.addWallClockMs }),
    };
    return resumeRun(runtime, runId, { add, ...(next.text === null ? {} : { input: next.text }) });
  }
  if (next.type === "approval-decision" && next.decidedBy === "human") {
    session.advanceTo(next.at);
    return decideApproval(runtime, runId, {
      callId: next.callId,
      decision: next.decision,
      ...(next.reason === null ? {} : { reason: next.reason }),
    });
  }
  if (next.type === "run-transition" && next.from === "paused") {
    // A paused run went on by a step at a time (manual stepping), or as a whole (after a shutdown).
    session.advanceTo(next.at);
    if (next.reason === "next_step") return (await executeNextStep(runtime, runId)).run;
    return continueRun(runtime, runId);
  }
  if (next.type === "approval-decision" && next.decidedBy === "timeout") {
    session.advanceTo(next.at);
    return resumeRun(runtime, runId, {});
  }
  return null;
}

/**
 * Re-runs a recorded run without calling any model or executing any tool: the engine makes every decision
 * again (routing, budgets, retries, fallbacks, termination) while model answers, errors and tool outputs
 * come from the recording. Resumes and approval decisions are replayed where the recording has them. The
 * replay lives in memory; the first event that departs from the recording (times and ids aside) is
 * reported, and stops it.
 *
 * @example
 * ```ts
 * const replay = await replayRun({ events: await store.readEvents(runId), base: runtime });
 * if (replay.divergence) console.error(describeDivergence(replay.divergence));
 * ```
 */
export async function replayRun(options: ReplayOptions): Promise<ReplayResult> {
  const recording = new Recording(options.events);
  const session = createReplaySession({
    recording,
    base: options.base,
    ...(options.circuitBreaker ? { circuitBreaker: options.circuitBreaker } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  const prepared = replayStart(recording, { runId: session.runId, overrides: options.overrides ?? {} });
  // The overrides' own fields are compared as equal: the divergence reported is the behaviour they change.
  for (const path of prepared.ignore) session.cursor.ignorePath(path);
  let result: RunResult | null = null;
  let error: unknown = null;
  try {
    result = await continueFromHistory(session.runtime, {
      start: prepared.start,
      inherited: inheritedEvents(recording, session.runId),
    });
    for (;;) {
      const next = recording.at(session.cursor.nextSeq);
      if (session.cursor.divergence !== null || next === undefined) break;
      const continued = await continueAfterWait(session, next);
      if (continued === null) break;
      result = continued;
    }
  } catch (failure) {
    error = failure;
  }
  const divergence = session.cursor.finish();
  return {
    events: [...session.cursor.emitted],
    divergence,
    served: { ...session.counters },
    result,
    error,
  };
}
