import { describe, expect, it } from "vitest";
import { InvalidStateTransitionError } from "./errors/index.js";
import { assertTransition, canTransition, runStatuses } from "./run-status.js";

describe("run state machine", () => {
  it.each([
    ["created", "planning"],
    ["created", "queued"],
    ["queued", "planning"],
    ["queued", "running"],
    ["queued", "killed"],
    ["planning", "paused"],
    ["paused", "planning"],
    ["planning", "running"],
    ["running", "awaiting_input"],
    ["awaiting_input", "running"],
    ["running", "awaiting_approval"],
    ["awaiting_approval", "running"],
    ["running", "paused"],
    ["paused", "running"],
    ["running", "completed"],
    ["running", "failed"],
    ["planning", "killed"],
  ] as const)("allows %s → %s", (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each([
    ["completed", "running"],
    ["failed", "running"],
    ["killed", "planning"],
    ["created", "awaiting_approval"],
    ["awaiting_input", "paused"],
    ["queued", "paused"],
    ["running", "queued"],
    ["paused", "queued"],
  ] as const)("forbids %s → %s with InvalidStateTransitionError", (from, to) => {
    expect(() => assertTransition(from, to)).toThrow(InvalidStateTransitionError);
  });

  it("lets nothing leave a terminal state", () => {
    for (const terminal of ["completed", "failed", "killed"] as const) {
      for (const to of runStatuses) expect(canTransition(terminal, to)).toBe(false);
    }
  });
});
