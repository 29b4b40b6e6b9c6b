import { describe, expect, it } from "vitest";
import { uniqueCallIds } from "./unique-call-ids.js";

describe("tool-call ids within a turn", () => {
  it("renames repeated tool-call ids within a turn, so approvals and results cannot be confused", () => {
    const calls = [
      { id: "dup", name: "a", arguments: "{}" },
      { id: "dup", name: "b", arguments: "{}" },
      { id: "dup_2", name: "c", arguments: "{}" },
      { id: "x", name: "d", arguments: "{}" },
    ];
    expect(uniqueCallIds(calls).map((call) => call.id)).toEqual(["dup", "dup_2", "dup_2_2", "x"]);
  });
});
