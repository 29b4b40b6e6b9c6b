import type { RunEvent } from "../../core/events/run-event.js";
import {
  asJsonLeaf,
  type EqualPairs,
  firstDifference,
  type IgnoredPaths,
  pathsAbove,
} from "./deep-difference.js";

/** The first event where a replay departs from its recording. */
export interface Divergence {
  /** The event's position in the log (its `seq`). */
  index: number;
  /** The recorded event's type (the replayed one's when the recording has no event there). */
  type: string;
  /** The first differing field, e.g. `decision.model`; `type` when the events are of different kinds. */
  field: string;
  recorded: unknown;
  replayed: unknown;
}

/**
 * Fields that differ between a run and its replay without any difference in behaviour: ids the runtime
 * makes up (run, call and reservation ids), times and durations (a replay runs on a virtual clock), and
 * the workspace diff (read from the files as they are when the replay ends, which replay never touches),
 * and a tool call's idempotency key (made from the run id).
 */
const incidental = new Set([
  "runId",
  "idempotencyKey",
  "at",
  "reservationId",
  "latencyMs",
  "durationMs",
  "sla.actualMs",
  "artifacts.diff",
]);

/** The paths above the incidental ones (`sla`, `artifacts`): only under these can an incidental field lie. */
const aboveIncidental = pathsAbove(incidental);

function isIncidental(event: RunEvent, path: string): boolean {
  if (path === "callId") return event.type.startsWith("model-call-");
  return incidental.has(path);
}

/** What a comparison of `event` skips: the incidental fields, and `extra` (a deliberate change's). */
function ignoredIn(event: RunEvent, extra: ReadonlySet<string> | undefined): IgnoredPaths {
  const aboveExtra = extra === undefined || extra.size === 0 ? undefined : pathsAbove(extra);
  return {
    has: (path) => isIncidental(event, path) || (extra?.has(path) ?? false),
    hasBelow: (path) => aboveIncidental.has(path) || (aboveExtra?.has(path) ?? false),
  };
}

/**
 * Fields that say most about how two events differ, checked before the rest (which go in key order), so
 * a divergence names the model a step chose rather than some flag that changed along with it.
 */
const headlineFields = [
  "step",
  "kind",
  "decision.model",
  "decision.tier",
  "model",
  "tool",
  "status",
  "terminationReason",
].map((path) => ({ path, keys: path.split(".") }));

function valueAt(value: unknown, keys: readonly string[]): unknown {
  let current = value;
  for (const key of keys) current = (current as Record<string, unknown> | undefined)?.[key];
  return current;
}

/**
 * Compares one replayed event with the recorded one at the same position, times and ids aside; `ignore`
 * adds paths a deliberate change makes differ (e.g. `options.model` when replaying with another model).
 *
 * @example
 * ```ts
 * const divergence = compareEvent({ recorded: original[12], replayed: event, ignore: new Set() });
 * ```
 */
export function compareEvent(input: {
  recorded: RunEvent | undefined;
  replayed: RunEvent | undefined;
  index: number;
  ignore?: ReadonlySet<string>;
  /** Pairs found equal at earlier events of the same replay (see {@link EqualPairs}). */
  known?: EqualPairs;
}): Divergence | null {
  const { recorded, replayed, index } = input;
  const type = recorded?.type ?? replayed?.type ?? "(none)";
  if (recorded === undefined || replayed === undefined || recorded.type !== replayed.type)
    return { index, type, field: "type", recorded: recorded?.type ?? null, replayed: replayed?.type ?? null };
  // Compared as they are, not through JSON: firstDifference already reads them as a store would return
  // them (see its JSON semantics), and copying a late model call's whole conversation per event made
  // replay quadratic. The skipped paths say where they lie, so a conversation is compared without naming
  // the path of each of its messages.
  const ignored = ignoredIn(recorded, input.ignore);
  for (const { path: field, keys } of headlineFields) {
    if (ignored.has(field)) continue;
    const before = asJsonLeaf(valueAt(recorded, keys));
    const after = asJsonLeaf(valueAt(replayed, keys));
    if (!Object.is(before, after) && typeof before !== "object")
      return { index, type, field, recorded: before, replayed: after };
  }
  const difference = firstDifference(recorded, replayed, {
    ignore: ignored,
    ...(input.known ? { known: input.known } : {}),
  });
  return difference === null ? null : { index, type, field: difference.path, ...pick(difference) };
}

function pick(difference: { recorded: unknown; replayed: unknown }) {
  return { recorded: difference.recorded, replayed: difference.replayed };
}

/**
 * One line for people: where the replay departed, and how.
 *
 * @example
 * ```ts
 * describeDivergence({ index: 2, type: "step-start", field: "decision.model", recorded: "sim-premium", replayed: "sim-cheap" });
 * // 'event 2 (step-start): decision.model was "sim-premium" in the recording, "sim-cheap" in the replay'
 * ```
 */
export function describeDivergence(divergence: Divergence): string {
  const show = (value: unknown) => {
    const text = JSON.stringify(value) ?? "nothing";
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  };
  return `event ${divergence.index} (${divergence.type}): ${divergence.field} was ${show(divergence.recorded)} in the recording, ${show(divergence.replayed)} in the replay`;
}
