import { InvalidStateTransitionError } from "./errors/index.js";

/** The states of a run. */
export const runStatuses = [
  "created",
  "queued",
  "planning",
  "running",
  "awaiting_approval",
  "awaiting_input",
  "paused",
  "completed",
  "failed",
  "killed",
] as const;

export type RunStatus = (typeof runStatuses)[number];

/** How a finished run ended: everything asked for, or only part of it. */
export type RunOutcome = "complete" | "partial";

const terminal = ["completed", "failed", "killed"] as const satisfies readonly RunStatus[];

const transitions: Record<RunStatus, readonly RunStatus[]> = {
  created: ["queued", "planning", "running", "awaiting_input", ...terminal],
  // A scheduler holds the run until a slot frees; it then starts as a created run would.
  queued: ["planning", "running", "awaiting_input", ...terminal],
  // A model may make tool calls even in a plan step (none are offered); they can need approval too. A run
  // stepped by hand (or stopped for a shutdown) pauses after its plan step too.
  planning: ["running", "awaiting_approval", "awaiting_input", "paused", ...terminal],
  running: ["awaiting_approval", "awaiting_input", "paused", ...terminal],
  awaiting_approval: ["running", ...terminal],
  awaiting_input: ["running", ...terminal],
  // A paused run goes back to the state it paused in, so that a run stepped by hand logs what an automatic one does.
  paused: ["planning", "running", ...terminal],
  completed: [],
  failed: [],
  killed: [],
};

/** True for `completed`, `failed` and `killed`: nothing follows them. */
export function isTerminalStatus(status: RunStatus): boolean {
  return (terminal as readonly RunStatus[]).includes(status);
}

/** True while a scheduler holds the run back for a free slot: nothing of it executes, no time counts. */
export function isQueuedStatus(status: RunStatus): boolean {
  return status === "queued";
}

/** True where the run is waiting for someone outside it (a human, an approval, a resume). */
export function isWaitingStatus(status: RunStatus): boolean {
  return status === "awaiting_approval" || status === "awaiting_input" || status === "paused";
}

export function canTransition(from: RunStatus, to: RunStatus): boolean {
  return transitions[from].includes(to);
}

/**
 * Throws {@link InvalidStateTransitionError} unless `from → to` is an edge of the run state machine:
 * `created → [queued →] planning → running ⇄ {awaiting_approval, awaiting_input, paused} → {completed, failed, killed}`.
 */
export function assertTransition(from: RunStatus, to: RunStatus): void {
  if (!canTransition(from, to)) throw new InvalidStateTransitionError(from, to);
}
