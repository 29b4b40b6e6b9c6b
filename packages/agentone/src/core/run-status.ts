import { InvalidStateTransitionError } from "./errors/index.js";

/** The states of a run. */
export const runStatuses = [
  "created",
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
  created: ["planning", "running", "awaiting_input", ...terminal],
  // A model may make tool calls even in a plan step (none are offered); they can need approval too.
  planning: ["running", "awaiting_approval", "awaiting_input", ...terminal],
  running: ["awaiting_approval", "awaiting_input", "paused", ...terminal],
  awaiting_approval: ["running", ...terminal],
  awaiting_input: ["running", ...terminal],
  paused: ["running", ...terminal],
  completed: [],
  failed: [],
  killed: [],
};

/** True for `completed`, `failed` and `killed`: nothing follows them. */
export function isTerminalStatus(status: RunStatus): boolean {
  return (terminal as readonly RunStatus[]).includes(status);
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
 * `created → planning → running ⇄ {awaiting_approval, awaiting_input, paused} → {completed, failed, killed}`.
 */
export function assertTransition(from: RunStatus, to: RunStatus): void {
  if (!canTransition(from, to)) throw new InvalidStateTransitionError(from, to);
}
