import { describe, expect, it } from "vitest";
import { buildLog, runStart } from "../../../test/support/event-builder.js";
import type { EventPayload, RunEvent } from "../../core/events/run-event.js";
import { compareEvent } from "./compare-events.js";

/** A step's model call whose conversation has `length` tool turns, the last one's output `last`. */
function modelCallStart(input: { callId: string; last: string; length?: number }): EventPayload {
  const turns = Array.from({ length: input.length ?? 300 }, (_, index) => [
    {
      role: "assistant" as const,
      content: "",
      toolCalls: [{ id: `call_${index}`, name: "tick", arguments: `{"turn":${index}}` }],
    },
    { role: "tool" as const, toolCallId: `call_${index}`, toolName: "tick", content: `tick ${index}` },
  ]).flat();
  const lastTurn = turns.at(-1);
  if (lastTurn) lastTurn.content = input.last;
  return {
    type: "model-call-start",
    step: 301,
    callId: input.callId,
    attempt: 1,
    model: "sim-standard",
    backend: "simulated",
    request: {
      messages: [{ role: "system", content: "You are an agent" }, ...turns],
      tools: ["tick"],
      maxOutputTokens: 2048,
    },
  };
}

const only = (events: RunEvent[]): RunEvent => events[0] as RunEvent;

describe("compareEvent", () => {
  it("sets a model call's id and time aside, but names a message that differs deep in its conversation", () => {
    const recorded = only(buildLog("run_a", [modelCallStart({ callId: "c1", last: "tick 299" })]));
    const same = only(
      buildLog("run_b", [modelCallStart({ callId: "c9", last: "tick 299" })], { start: 5_000 }),
    );
    expect(compareEvent({ recorded, replayed: same, index: 7 })).toBeNull();

    const other = only(buildLog("run_b", [modelCallStart({ callId: "c9", last: "tick 300" })]));
    expect(compareEvent({ recorded, replayed: other, index: 7 })).toEqual({
      index: 7,
      type: "model-call-start",
      field: "request.messages[600].content",
      recorded: "tick 299",
      replayed: "tick 300",
    });
  });

  it("sets a deliberate change's path aside, and still compares the fields beside it", () => {
    const recorded = only(buildLog("run_a", [runStart()]));
    const pinned = structuredClone(recorded) as Extract<RunEvent, { type: "run-start" }>;
    pinned.options.model = "sim-premium";
    const ignore = new Set(["options.model"]);
    expect(compareEvent({ recorded, replayed: pinned, index: 0, ignore })).toBeNull();
    expect(compareEvent({ recorded, replayed: pinned, index: 0 })).toMatchObject({ field: "options.model" });

    const reseeded = structuredClone(pinned);
    reseeded.options.seed = 2;
    expect(compareEvent({ recorded, replayed: reseeded, index: 0, ignore })).toEqual({
      index: 0,
      type: "run-start",
      field: "options.seed",
      recorded: 1,
      replayed: 2,
    });
  });
});
