import { describe, expect, it } from "vitest";
import { buildLog, runStart } from "../../../test/support/event-builder.js";
import { EventSchemaError } from "../errors/index.js";
import { parseRunEvent } from "./run-event.js";

describe("parseRunEvent", () => {
  it("accepts a valid event", () => {
    const [event] = buildLog("run_1", [runStart()]);
    expect(parseRunEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it("rejects a future schema version with a typed error", () => {
    const [event] = buildLog("run_1", [runStart()]);
    expect(() => parseRunEvent({ ...event, schemaVersion: 99 })).toThrow(EventSchemaError);
    expect(() => parseRunEvent({ ...event, schemaVersion: 99 })).toThrow(
      /unsupported event schema version 99/,
    );
  });

  it("rejects a malformed event, naming the field", () => {
    const [event] = buildLog("run_1", [runStart()]);
    expect(() => parseRunEvent({ ...event, goal: 42 })).toThrow(/malformed event: goal/);
    expect(() => parseRunEvent({ ...event, type: "no-such-event" })).toThrow(EventSchemaError);
  });
});
