import { describe, expect, it } from "vitest";
import { buildLog, runStart } from "../../../test/support/event-builder.js";
import { isFrozenMessage, type Message } from "../messages.js";
import { parseRunEvents } from "./parse-run-events.js";
import { type EventPayload, parseRunEvent } from "./run-event.js";

function modelCallStart(step: number, messages: unknown[]): EventPayload {
  return {
    type: "model-call-start",
    step,
    callId: `call-${step}`,
    attempt: 1,
    model: "sim-standard",
    backend: "simulated",
    request: { messages: messages as Message[], tools: ["tick"], maxOutputTokens: 256, temperature: 0 },
  };
}

/** Stored values as the reader hands them: the second call's list holds the first call's message objects. */
function storedValues(extra: unknown = { role: "user", content: "go on" }): unknown[] {
  const system = { role: "system", content: "You are an agent" };
  const user = { role: "user", content: "find the bug", unknownField: "stripped" };
  return JSON.parse(
    JSON.stringify(buildLog("run-1", [runStart(), modelCallStart(1, [system]), modelCallStart(2, [system])])),
  ).map((value: { request?: { messages: unknown[] } }, seq: number) => {
    if (seq === 1) value.request = { ...value.request, messages: [system, user] } as never;
    if (seq === 2) value.request = { ...value.request, messages: [system, user, extra] } as never;
    return value;
  });
}

type ModelCallStart = Extract<ReturnType<typeof parseRunEvent>, { type: "model-call-start" }>;

describe("parseRunEvents", () => {
  it("gives the events what parseRunEvent gives each, sharing one frozen copy of each stored message", () => {
    const values = storedValues();
    const events = parseRunEvents(values);
    expect(events).toEqual(values.map((value) => parseRunEvent(value)));
    const [first, second] = [events[1] as ModelCallStart, events[2] as ModelCallStart];
    expect(second.request.messages[0]).toBe(first.request.messages[0]);
    expect(second.request.messages[1]).toBe(first.request.messages[1]);
    expect(second.request.messages.every((message) => isFrozenMessage(message))).toBe(true);
    expect(first.request.messages[1]).toEqual({ role: "user", content: "find the bug" });
  });

  it("refuses a malformed event with parseRunEvent's own error", () => {
    const badMessage = storedValues({ role: "user", content: 7 });
    expect(() => parseRunEvents(badMessage)).toThrow(errorOf(() => parseRunEvent(badMessage[2])));

    const badField = storedValues();
    (badField[2] as { step: unknown }).step = "two";
    expect(() => parseRunEvents(badField)).toThrow(errorOf(() => parseRunEvent(badField[2])));
  });
});

function errorOf(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the parse to fail");
}
