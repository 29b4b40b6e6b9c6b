import { describe, expect, it } from "vitest";
import { freezeMessage, type Message } from "../../core/messages.js";
import { EqualPairs, firstDifference, type IgnoredPaths, pathsAbove } from "./deep-difference.js";

/** Skips exactly `paths`, and says where they lie, as the replay's comparison does. */
function skipping(...paths: string[]): IgnoredPaths {
  const skipped = new Set(paths);
  const above = pathsAbove(skipped);
  return { has: (path) => skipped.has(path), hasBelow: (path) => above.has(path) };
}

describe("firstDifference", () => {
  it("compares as JSON text would, without writing it", () => {
    expect(firstDifference({ a: 1, b: undefined }, { a: 1 })).toBeNull();
    expect(firstDifference({ a: 1 }, { a: 1, b: undefined })).toBeNull();
    expect(firstDifference({ a: -0, b: Number.NaN }, { a: 0, b: null })).toBeNull();
    expect(firstDifference({ a: [1, { c: "x" }] }, { a: [1, { c: "y" }] })).toEqual({
      path: "a[1].c",
      recorded: "x",
      replayed: "y",
    });
  });

  it("names the first difference in key order, whatever order the keys were written in", () => {
    expect(firstDifference({ b: 1, a: 1 }, { a: 2, b: 2 })).toEqual({ path: "a", recorded: 1, replayed: 2 });
    expect(firstDifference({ z: 1 }, { z: 1, y: 2 })).toEqual({
      path: "y",
      recorded: undefined,
      replayed: 2,
    });
    expect(firstDifference({ list: [1] }, { list: { 0: 1 } })).toEqual({
      path: "list",
      recorded: [1],
      replayed: { 0: 1 },
    });
  });

  it("finds a difference deep in a long list of messages that are otherwise equal", () => {
    const messages = (last: string) =>
      Array.from({ length: 500 }, (_, index) => ({
        role: "tool",
        toolCallId: `call_${index}`,
        content: index === 499 ? last : `output ${index}`,
      }));
    const recorded = { at: "10:00", request: { messages: messages("same") } };
    expect(
      firstDifference(
        recorded,
        { at: "10:05", request: { messages: messages("same") } },
        {
          ignore: skipping("at"),
        },
      ),
    ).toBeNull();
    expect(
      firstDifference(
        recorded,
        { at: "10:05", request: { messages: messages("other") } },
        {
          ignore: skipping("at"),
        },
      ),
    ).toEqual({ path: "request.messages[499].content", recorded: "same", replayed: "other" });
  });

  it("skips nested paths it is told lie below, and compares their neighbours", () => {
    const ignore = skipping("options.model", "sla.outcomes[0].actualMs");
    const recorded = { options: { model: "a", seed: 1 }, sla: { outcomes: [{ actualMs: 5, met: true }] } };
    expect(
      firstDifference(
        recorded,
        { options: { model: "b", seed: 1 }, sla: { outcomes: [{ actualMs: 9, met: true }] } },
        { ignore },
      ),
    ).toBeNull();
    expect(
      firstDifference(
        recorded,
        { options: { model: "b", seed: 2 }, sla: { outcomes: [{ actualMs: 9, met: true }] } },
        { ignore },
      ),
    ).toEqual({ path: "options.seed", recorded: 1, replayed: 2 });
    expect(
      firstDifference(
        recorded,
        { options: { model: "a", seed: 1 }, sla: { outcomes: [{ actualMs: 5, met: false }] } },
        { ignore },
      ),
    ).toEqual({ path: "sla.outcomes[0].met", recorded: true, replayed: false });
  });

  it("asks a predicate about every path, however deep", () => {
    const ignore = (path: string) => /^list\[\d+\]\.at$/.test(path);
    expect(firstDifference({ list: [{ at: 1, n: 1 }] }, { list: [{ at: 2, n: 1 }] }, { ignore })).toBeNull();
    expect(firstDifference({ list: [{ at: 1, n: 1 }] }, { list: [{ at: 2, n: 3 }] }, { ignore })).toEqual({
      path: "list[0].n",
      recorded: 1,
      replayed: 3,
    });
  });
});

/** A recorded message whose `content` counts how often a comparison reads it. */
function countingReads(content: string): { message: Message; reads: () => number } {
  let reads = 0;
  const message = { role: "user" } as Message;
  Object.defineProperty(message, "content", {
    enumerable: true,
    get: () => {
      reads += 1;
      return content;
    },
  });
  return { message, reads: () => reads };
}

describe("EqualPairs", () => {
  it("compares a frozen message met again in the same replay without walking it again", () => {
    const known = new EqualPairs();
    const recorded = countingReads("hello");
    const replayed = freezeMessage({ role: "user", content: "hello" });
    expect(firstDifference({ messages: [recorded.message] }, { messages: [replayed] }, { known })).toBeNull();
    const readsAfterFirst = recorded.reads();
    expect(firstDifference({ messages: [recorded.message] }, { messages: [replayed] }, { known })).toBeNull();
    expect(recorded.reads()).toBe(readsAfterFirst);
  });

  it("compares again a message that could have changed: not frozen, or frozen only on the outside", () => {
    const known = new EqualPairs();
    const recordedText = countingReads("hello");
    const changeable = { role: "user" as const, content: "hello" };
    expect(firstDifference([recordedText.message], [changeable], { known })).toBeNull();
    changeable.content = "changed";
    expect(firstDifference([recordedText.message], [changeable], { known })).toEqual({
      path: "[0].content",
      recorded: "hello",
      replayed: "changed",
    });

    const recordedCall = {
      role: "assistant",
      content: "",
      toolCalls: [{ id: "c1", name: "tick", arguments: "{}" }],
    };
    const call = { id: "c1", name: "tick", arguments: "{}" };
    const outsideOnly = Object.freeze({ role: "assistant" as const, content: "", toolCalls: [call] });
    expect(firstDifference([recordedCall], [outsideOnly], { known })).toBeNull();
    call.arguments = '{"turn":2}';
    expect(firstDifference([recordedCall], [outsideOnly], { known })).toEqual({
      path: "[0].toolCalls[0].arguments",
      recorded: "{}",
      replayed: '{"turn":2}',
    });
  });

  it("finds a difference in a message paired earlier with another object", () => {
    const known = new EqualPairs();
    const recorded = { role: "tool", toolCallId: "c1", toolName: "tick", content: "tick 1" };
    const first = freezeMessage({
      role: "tool",
      toolCallId: "c1",
      toolName: "tick",
      content: "tick 1",
    } as Message);
    const other = freezeMessage({
      role: "tool",
      toolCallId: "c1",
      toolName: "tick",
      content: "tick 2",
    } as Message);
    expect(firstDifference([recorded], [first], { known })).toBeNull();
    expect(firstDifference([recorded], [other], { known })).toEqual({
      path: "[0].content",
      recorded: "tick 1",
      replayed: "tick 2",
    });
  });
});

describe("pathsAbove", () => {
  it("lists every path a walk passes on its way to each given one", () => {
    expect([...pathsAbove(["options.model", "sla.outcomes[2].actualMs", "at"])].sort()).toEqual([
      "options",
      "sla",
      "sla.outcomes",
      "sla.outcomes[2]",
    ]);
  });
});
